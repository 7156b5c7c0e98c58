package dev.mosaic.gateway.ratelimit;

import dev.mosaic.gateway.auth.AuthClaims;
import dev.mosaic.gateway.edge.ClientAddress;
import dev.mosaic.rules.plan.RateLimit;
import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Names the bucket a request takes from: {@code {client}:by:METHOD /route}. The client part is the
 * address, or a digest of the header or claim value: an API key is a credential, which has no
 * business in Redis key names (KEYS, MONITOR, slow logs), and a digest bounds a key's size whatever
 * the client sends. It comes first and in braces, Redis Cluster's hash tag, so a route's buckets
 * spread over the cluster by client (a route's own braces, {@code {id}}, come after it and are not
 * a tag). A request without the header or claim is counted by its address, under {@code ip},
 * sharing the route's address buckets.
 */
public final class ClientKeys {

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JVM has SHA-256", e);
            }
          });
  private static final Base64.Encoder DIGEST_TEXT = Base64.getUrlEncoder().withoutPadding();

  private ClientKeys() {}

  public static String bucket(RoutingContext ctx, RateLimit limit, String route) {
    String value =
        switch (limit.by().source()) {
          case IP -> null;
          case HEADER -> ctx.request().getHeader(limit.by().name());
          case CLAIM -> claim(ctx, limit.by().name());
        };
    if (value == null || value.isEmpty()) {
      return "{" + address(ctx) + "}:ip:" + route;
    }
    return "{" + digest(value) + "}:" + limit.by() + ":" + route;
  }

  private static String claim(RoutingContext ctx, String name) {
    Object claims = ctx.get(AuthClaims.KEY);
    Object value = claims instanceof Map<?, ?> map ? map.get(name) : null;
    return value == null ? null : value.toString();
  }

  /**
   * The client's address: the first hop that is not a trusted proxy (ClientAddress). An IPv6 client
   * is counted by its /64, the block one subscriber is handed: counting each of its 2^64 addresses
   * apart would give it as many buckets.
   */
  static String address(RoutingContext ctx) {
    ClientAddress client = ctx.get(ClientAddress.KEY);
    String ip;
    if (client != null) {
      ip = client.ip();
    } else {
      SocketAddress remote = ctx.request().remoteAddress(); // not opened by the observer: the peer
      ip = remote == null ? "unknown" : remote.hostAddress();
    }
    return ip.indexOf(':') < 0 ? ip : ipv6Block(ip);
  }

  static String ipv6Block(String ip) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
    if (bytes == null || bytes.length != 16) {
      return ip;
    }
    if (isMappedIpv4(bytes)) {
      return (bytes[12] & 0xFF)
          + "."
          + (bytes[13] & 0xFF)
          + "."
          + (bytes[14] & 0xFF)
          + "."
          + (bytes[15] & 0xFF);
    }
    StringBuilder block = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      block
          .append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF)))
          .append(':');
    }
    return block.append(":/64").toString();
  }

  private static boolean isMappedIpv4(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
  }

  /** 96 bits of SHA-256: 16 characters, no collision between real clients. */
  public static String digest(String value) {
    byte[] hash = SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    return DIGEST_TEXT.encodeToString(java.util.Arrays.copyOf(hash, 12));
  }
}
