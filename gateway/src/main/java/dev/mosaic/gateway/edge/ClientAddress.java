package dev.mosaic.gateway.edge;

import dev.mosaic.rules.plan.AddressBlock;
import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request came from, and the {@code X-Forwarded-For} the gateway sends on for it.
 *
 * <p>The socket's peer is the only address the gateway knows first-hand. A client's own {@code
 * X-Forwarded-For} is believed only when that peer is a configured trusted proxy, and then only
 * back to the first hop that is not trusted (read right to left, as each proxy appends): anything
 * left of that hop was written by the client and could say anything, so it is not sent on. A chain
 * from an untrusted peer is dropped whole. An entry that is not an address (a name, {@code
 * unknown}) ends the belief where it stands: skipping it would let the client's own entries behind
 * it pass for a proxy's.
 *
 * @param ip the client's address: the first untrusted hop, or the peer
 * @param forwardedFor the header value for services: the believed chain, then the peer
 */
public record ClientAddress(String ip, String forwardedFor) {

  /** Where a request's address is kept on its RoutingContext, for whatever keys on the client. */
  public static final String KEY = "mosaic.client";

  /** More hops than this in a believed chain are cut from the left (the client's end). */
  static final int MAX_HOPS = 16;

  /** The client when no proxy is trusted: the socket's peer, and nothing else is forwarded. */
  public static ClientAddress direct(SocketAddress remote) {
    String peer = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    return new ClientAddress(peer, peer);
  }

  /**
   * @param forwardedFor every X-Forwarded-For header of the request, in order
   */
  public static ClientAddress resolve(
      String peer, List<String> forwardedFor, List<AddressBlock> trusted) {
    if (!isTrusted(peer, trusted)) {
      return new ClientAddress(peer, peer);
    }
    List<String> hops = hops(forwardedFor);
    // right to left, each hop written by the one after it: believed while the writer is trusted
    String client = peer;
    int believedFrom = hops.size();
    for (int i = hops.size() - 1; i >= 0 && hops.size() - i <= MAX_HOPS; i--) {
      String hop = address(hops.get(i));
      if (hop == null) {
        break; // not an address: nothing from here leftwards is believed, and the client is the
        // last hop that was
      }
      client = hop;
      believedFrom = i;
      if (!isTrusted(hop, trusted)) {
        break; // the client: what is left of it, the client wrote itself
      }
    }
    StringBuilder forwarded = new StringBuilder();
    for (int i = believedFrom; i < hops.size(); i++) {
      forwarded.append(address(hops.get(i))).append(", ");
    }
    return new ClientAddress(client, forwarded.append(peer).toString());
  }

  private static List<String> hops(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String part : header.split(",")) {
        hops.add(part.trim());
      }
    }
    return hops;
  }

  /**
   * The IP literal a hop names, without a port some proxies add ({@code 10.0.0.1:8080}, {@code
   * [2001:db8::1]:8080}); null when it names none ({@code unknown}, a host name).
   */
  static String address(String hop) {
    String literal = hop;
    if (literal.startsWith("[")) {
      int close = literal.indexOf(']');
      literal = close < 0 ? literal : literal.substring(1, close);
    } else if (literal.indexOf(':') == literal.lastIndexOf(':') && literal.indexOf(':') > 0) {
      literal =
          literal.substring(0, literal.indexOf(':')); // IPv4 with a port; IPv6 has several colons
    }
    return NetUtil.isValidIpV4Address(literal) || NetUtil.isValidIpV6Address(literal)
        ? literal
        : null;
  }

  private static boolean isTrusted(String address, List<AddressBlock> trusted) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return false;
    }
    if (bytes.length == 16 && isMappedIpv4(bytes)) {
      bytes = java.util.Arrays.copyOfRange(bytes, 12, 16); // ::ffff:10.0.0.1 is 10.0.0.1
    }
    for (AddressBlock block : trusted) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMappedIpv4(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
  }
}
