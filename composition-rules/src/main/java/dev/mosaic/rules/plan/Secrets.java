package dev.mosaic.rules.plan;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secrets a compiled config uses: where they came from and their values, kept only so a reload
 * can tell a rotated secret from an unchanged one. Never printed: {@link #toString()} names the
 * source and the secrets, not a value.
 */
public final class Secrets {

  public static final Secrets NONE = new Secrets(null, Map.of());

  private final String source;
  private final Map<String, String> used;

  Secrets(String source, Map<String, String> used) {
    this.source = source;
    this.used = Map.copyOf(used);
  }

  /** The directory or file secrets are read from, or null when the config names none. */
  public String source() {
    return source;
  }

  /** The names the config refers to. */
  public Set<String> names() {
    return new TreeMap<>(used).keySet();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secrets s && Objects.equals(source, s.source) && used.equals(s.used);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, used);
  }

  @Override
  public String toString() {
    return "Secrets[source=" + source + ", names=" + names() + "]";
  }
}
