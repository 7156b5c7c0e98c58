package dev.mosaic.gateway.auth;

import dev.mosaic.rules.plan.AuthSettings;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token verifiers of one config generation on one event loop, one per endpoint with {@code
 * auth:}. Endpoints that trust the same issuer the same way share one key source, so a profile used
 * by twenty endpoints fetches its JWKS once per loop, not twenty times.
 */
public final class Authenticators {

  private final Map<String, TokenVerifier> byRoute = new HashMap<>();
  private final List<KeySource> sources = new ArrayList<>();

  /** Must be called on the event loop that will verify: key sets are fetched and swapped there. */
  public Authenticators(Vertx vertx, GatewayPlan plan) {
    Map<List<Object>, KeySource> shared = new HashMap<>();
    for (EndpointPlan endpoint : plan.endpoints()) {
      AuthSettings auth = endpoint.auth();
      if (auth == null) {
        continue;
      }
      List<Object> sameTrust =
          List.of(
              auth.issuer(),
              auth.audience(),
              auth.leeway(),
              auth.keys(),
              auth.jwks() == null ? "" : auth.jwks());
      KeySource source =
          shared.computeIfAbsent(
              sameTrust,
              k -> {
                KeySource created =
                    auth.jwks() != null
                        ? new JwksSource(vertx, auth)
                        : KeySource.fixed(
                            KeySet.of(vertx, auth.keys().stream().map(Jwk::of).toList(), auth));
                sources.add(created);
                return created;
              });
      byRoute.put(endpoint.route(), new TokenVerifier(auth, source));
    }
  }

  /**
   * @return the endpoint's verifier, or null when it is open
   */
  public TokenVerifier forEndpoint(EndpointPlan endpoint) {
    return byRoute.get(endpoint.route());
  }

  /** Stops refreshing key sets; requests already past their check are not affected. */
  public void close() {
    sources.forEach(KeySource::close);
  }
}
