package dev.mosaic.gateway.auth;

import dev.mosaic.rules.plan.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One immutable set of verification keys and the vertx-auth-jwt provider over them, checking
 * signature, {@code iss}, {@code aud}, {@code exp}, {@code nbf} and {@code iat} (with the leeway).
 * A new key set replaces the whole object, so a request never sees half of a rotation.
 */
final class KeySet {

  private static final Logger LOG = LoggerFactory.getLogger(KeySet.class);

  private final JWTAuth provider;
  private final Set<String> ids;
  private final boolean anonymousKeys;

  private KeySet(JWTAuth provider, Set<String> ids, boolean anonymousKeys) {
    this.provider = provider;
    this.ids = ids;
    this.anonymousKeys = anonymousKeys;
  }

  /**
   * @return the set, or null when none of {@code jwks} is usable: vertx-auth-jwt without any key
   *     runs "unsecured" and accepts unsigned ({@code alg: none}) tokens, so it is never built that
   *     way
   */
  static KeySet of(Vertx vertx, List<JsonObject> jwks, AuthSettings settings) {
    JWTAuthOptions options =
        new JWTAuthOptions()
            .setJWTOptions(
                new JWTOptions()
                    .setIssuer(settings.issuer())
                    .setAudience(settings.audience())
                    .setLeeway((int) settings.leeway().toSeconds()));
    Set<String> ids = new HashSet<>();
    boolean anonymous = false;
    for (JsonObject jwk : jwks) {
      // one bad published key must not take the good ones down with it
      try {
        JWTAuth.create(vertx, new JWTAuthOptions().addJwk(jwk));
      } catch (RuntimeException e) {
        LOG.warn(
            "auth: skipping a key (kid {}) that cannot be used: {}",
            jwk.getValue("kid"),
            e.getMessage());
        continue;
      }
      options.addJwk(jwk);
      if (jwk.getValue("kid") instanceof String kid) {
        ids.add(kid);
      } else {
        anonymous = true;
      }
    }
    if (options.getJwks() == null || options.getJwks().isEmpty()) {
      return null;
    }
    return new KeySet(JWTAuth.create(vertx, options), Set.copyOf(ids), anonymous);
  }

  /** Whether a token naming {@code kid} (or none) has a key here to be tried with. */
  boolean mayVerify(String kid) {
    return kid == null || anonymousKeys || ids.contains(kid);
  }

  Future<User> authenticate(String token) {
    return provider.authenticate(new TokenCredentials(token));
  }
}
