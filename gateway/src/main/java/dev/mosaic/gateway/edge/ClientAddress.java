package dev.mosaic.gateway.edge;

import dev.mosaic.rules.plan.AddressBlock;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request came from, and the {@code X-Forwarded-For} the gateway sends on for it.
 *
 * <p>The socket's peer is the only address the gateway knows first-hand. A client's own
 * {@code X-Forwarded-For} is believed only when that peer is a configured trusted proxy, and then
 * only back to the first hop that is not trusted (read right to left, as each proxy appends):
 * anything left of that hop was written by the client and could say anything. A chain from an
 * untrusted peer is dropped whole. Entries that are not IP literals are dropped too, so nothing a
 * client writes reaches a service except addresses.
 *
 * @param ip the client's address: the first untrusted hop, or the peer
 * @param forwardedFor the header value for services: the believed chain, then the peer
 */
public record ClientAddress(String ip, String forwardedFor) {

  /** Where a request's address is kept on its RoutingContext, for whatever keys on the client. */
  public static final String KEY = "mosaic.client";

  /** More hops than this in a believed chain are cut from the left (the client's end). */
  static final int MAX_HOPS = 16;

  public static ClientAddress of(HttpServerRequest request, List<AddressBlock> trusted) {
    SocketAddress remote = request.remoteAddress();
    String peer = remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
    if (trusted.isEmpty()) {
      return new ClientAddress(peer, peer); // the common case reads no header
    }
    return resolve(peer, request.headers().getAll("x-forwarded-for"), trusted);
  }

  /** @param forwardedFor every X-Forwarded-For header of the request, in order */
  static ClientAddress resolve(String peer, List<String> forwardedFor, List<AddressBlock> trusted) {
    if (!isTrusted(peer, trusted)) {
      return new ClientAddress(peer, peer);
    }
    List<String> chain = chain(forwardedFor);
    String client = peer;
    for (int i = chain.size() - 1; i >= 0; i--) {
      client = chain.get(i);
      if (!isTrusted(client, trusted)) {
        break;
      }
    }
    if (chain.size() > MAX_HOPS) {
      chain = chain.subList(chain.size() - MAX_HOPS, chain.size());
    }
    StringBuilder forwarded = new StringBuilder();
    for (String hop : chain) {
      forwarded.append(hop).append(", ");
    }
    return new ClientAddress(client, forwarded.append(peer).toString());
  }

  private static List<String> chain(List<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers) {
      for (String part : header.split(",")) {
        String hop = part.trim();
        if (NetUtil.isValidIpV4Address(hop) || NetUtil.isValidIpV6Address(hop)) {
          hops.add(hop);
        }
      }
    }
    return hops;
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
