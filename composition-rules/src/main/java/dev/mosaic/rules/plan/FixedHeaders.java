package dev.mosaic.rules.plan;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service's fixed headers: an unmodifiable map that prints its names only. The values are often
 * credentials (written in the config or read from a secret), and a plan's toString reaches logs.
 */
final class FixedHeaders extends AbstractMap<String, String> {

  private final Map<String, String> headers;

  /** Lower-case names of the headers whose values hold a secret. */
  private final Set<String> secret;

  private FixedHeaders(Map<String, String> headers, Set<String> secret) {
    this.headers = headers;
    this.secret = secret;
  }

  static Map<String, String> of(Map<String, String> headers) {
    return headers instanceof FixedHeaders
        ? headers
        : new FixedHeaders(Map.copyOf(headers), Set.of());
  }

  /**
   * @param secret the names of the headers whose values hold a secret
   */
  static Map<String, String> of(Map<String, String> headers, Set<String> secret) {
    return new FixedHeaders(
        Map.copyOf(headers),
        secret.stream()
            .map(name -> name.toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet()));
  }

  /** Whether the header's value holds a secret (false for a map that is not a FixedHeaders). */
  static boolean holdsSecret(Map<String, String> headers, String name) {
    return headers instanceof FixedHeaders fixed
        && fixed.secret.contains(name.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return headers.entrySet();
  }

  @Override
  public String get(Object key) {
    return headers.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return headers.containsKey(key);
  }

  @Override
  public String toString() {
    return headers.keySet().stream()
        .sorted()
        .map(name -> name + "=***")
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
