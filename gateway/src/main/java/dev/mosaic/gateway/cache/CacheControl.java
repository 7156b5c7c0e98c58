package dev.mosaic.gateway.cache;

import java.util.Locale;

/**
 * The directives of a service's Cache-Control that the fragment cache obeys (RFC 9111 §5.2.2).
 *
 * @param maxAgeSeconds {@code s-maxage} if present (it is meant for shared caches), else {@code
 *     max-age}, else -1
 */
record CacheControl(boolean noStore, boolean isPrivate, long maxAgeSeconds) {

  static final CacheControl NONE = new CacheControl(false, false, -1);

  static CacheControl parse(String header) {
    if (header == null || header.isBlank()) {
      return NONE;
    }
    boolean noStore = false;
    boolean isPrivate = false;
    long maxAge = -1;
    long sMaxAge = -1;
    for (String part : header.split(",")) {
      String directive = part.trim().toLowerCase(Locale.ROOT);
      int eq = directive.indexOf('=');
      String name = eq < 0 ? directive : directive.substring(0, eq).trim();
      String value = eq < 0 ? null : directive.substring(eq + 1).trim().replace("\"", "");
      switch (name) {
        case "no-store" -> noStore = true;
        case "private" -> isPrivate = true;
        case "max-age" -> maxAge = seconds(value);
        case "s-maxage" -> sMaxAge = seconds(value);
        default -> {}
      }
    }
    return new CacheControl(noStore, isPrivate, sMaxAge >= 0 ? sMaxAge : maxAge);
  }

  private static long seconds(String value) {
    try {
      return value == null ? -1 : Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return -1; // malformed: as if absent
    }
  }
}
