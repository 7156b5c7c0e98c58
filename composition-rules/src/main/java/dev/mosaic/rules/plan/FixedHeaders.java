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

  private FixedHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  static Map<String, String> of(Map<String, String> headers) {
    return headers instanceof FixedHeaders ? headers : new FixedHeaders(Map.copyOf(headers));
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
    return headers.keySet().stream().sorted().map(name -> name + "=***")
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
