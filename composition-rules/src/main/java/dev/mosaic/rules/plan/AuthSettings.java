package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.SourcePosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An endpoint's {@code auth:}: the bearer token every request must carry, and what it must say.
 * Exactly one of {@link #keys} (read from files when the config was compiled) and {@link #jwks}
 * (fetched by the gateway) is set.
 *
 * @param issuer the {@code iss} a token must carry
 * @param audience a token's {@code aud} must name at least one of these
 * @param leeway how far {@code exp} and {@code nbf} may be off, for clock skew between machines
 * @param keys the verification keys from files, empty with {@code jwks}
 * @param jwks where the keys are published, or null with {@code keys}
 * @param require claim name → accepted values: every claim listed must have one of its values
 * @param profile the top-level profile's name when the endpoint named one, else null
 */
public record AuthSettings(
    String issuer,
    List<String> audience,
    Duration leeway,
    List<AuthKey> keys,
    JwksSettings jwks,
    Map<String, List<Object>> require,
    String profile,
    SourcePosition position) {

  public AuthSettings {
    audience = List.copyOf(audience);
    keys = List.copyOf(keys);
    require = Map.copyOf(require);
  }

  /**
   * The algorithms a token may be signed with: those of the keys, or those the JWKS is trusted for.
   */
  public List<String> algorithms() {
    return jwks != null
        ? jwks.algorithms()
        : keys.stream().map(AuthKey::algorithm).distinct().toList();
  }
}
