package dev.mosaic.gateway.ratelimit;

import dev.mosaic.gateway.edge.ClientAddress;
import dev.mosaic.rules.plan.RateLimit;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Names the bucket a request takes from: {@code {client}:by:METHOD /route}. The client part is
 * the address, or a digest of the header or claim value: an API key is a credential, which has no
 * business in Redis key names (KEYS, MONITOR, slow logs), and a digest bounds a key's size
 * whatever the client sends. It comes first and in braces, Redis Cluster's hash tag, so a route's
 * buckets spread over the cluster by client (a route's own braces, {@code {id}}, come after it and
 * are not a tag). A request without the header or claim is counted by its address, under
 * {@code ip}, sharing the route's address buckets.
 */
public final class ClientKeys {

  /** Where the JWT handler leaves the token's claims ({@code AuthClaims.KEY}). */
  static final String CLAIMS = "mosaic.auth";
  private static final Base64.Encoder DIGEST_TEXT = Base64.getUrlEncoder().withoutPadding();

  private ClientKeys() {}

  public static String bucket(RoutingContext ctx, RateLimit limit, String route) {
    String value = switch (limit.by().source()) {
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
    Object claims = ctx.get(CLAIMS);
    Object value = claims instanceof Map<?, ?> map ? map.get(name) : null;
    return value == null ? null : value.toString();
  }

  /** The client's address: the first hop that is not a trusted proxy (ClientAddress). */
  static String address(RoutingContext ctx) {
    ClientAddress client = ctx.get(ClientAddress.KEY);
    if (client != null) {
      return client.ip();
    }
    SocketAddress remote = ctx.request().remoteAddress(); // not opened by the observer: the peer
    return remote == null ? "unknown" : remote.hostAddress();
  }

  /** 96 bits of SHA-256: 16 characters, no collision between real clients. */
  public static String digest(String value) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return DIGEST_TEXT.encodeToString(java.util.Arrays.copyOf(hash, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
