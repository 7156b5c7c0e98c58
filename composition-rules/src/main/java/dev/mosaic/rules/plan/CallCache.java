package dev.mosaic.rules.plan;

import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.List;

/**
 * How a call's answers are cached (the fragment cache): fresh for {@code ttl}, then served stale at
 * once while one refresh runs for {@code staleWhileRevalidate}, and standing in for a failed call
 * for {@code staleIfError} (both counted from the end of {@code ttl}).
 *
 * @param vary headers of the request sent to the service that are part of the key (lower case)
 * @param fromCacheControl the service's {@code s-maxage}/{@code max-age} gives the ttl when it
 *     sends one ({@code ttl} otherwise)
 * @param tags rendered per request from the client's input (e.g. {@code product:${path.id}}):
 *     invalidating a tag drops every entry that carries it
 */
public record CallCache(
    Duration ttl,
    Duration staleWhileRevalidate,
    Duration staleIfError,
    List<String> vary,
    boolean fromCacheControl,
    List<ValueTemplate> tags) {

  public CallCache {
    vary = List.copyOf(vary);
    tags = List.copyOf(tags);
  }

  public CallCache(
      Duration ttl, Duration staleWhileRevalidate, Duration staleIfError, List<String> vary) {
    this(ttl, staleWhileRevalidate, staleIfError, vary, false, List.of());
  }

  /**
   * Whether the key holds who the client is, so a per-user ({@code private}) answer may be kept.
   */
  public boolean variesOnIdentity() {
    return vary.contains("authorization")
        || vary.contains("cookie")
        || vary.contains("proxy-authorization");
  }

  /** How long after it was stored an entry may still be used for anything. */
  public Duration keepFor() {
    return ttl.plus(
        staleWhileRevalidate.compareTo(staleIfError) > 0 ? staleWhileRevalidate : staleIfError);
  }
}
