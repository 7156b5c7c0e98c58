package dev.mosaic.gateway.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Where an accepted token's claims live for the rest of a request: the routing context, under
 * {@link #KEY}, as a plain {@code Map} (nested objects as maps, arrays as lists). Later handlers
 * (rate limits keyed by a claim, the expression context's {@code auth}) read them from there.
 */
public final class AuthClaims {

  public static final String KEY = "mosaic.auth";

  private AuthClaims() {}

  /**
   * @return the claims of the request's verified token, or null on an endpoint without auth
   */
  public static Map<String, Object> of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
