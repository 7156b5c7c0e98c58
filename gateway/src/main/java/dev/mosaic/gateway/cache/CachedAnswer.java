package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.http.CacheUse;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.rules.plan.CallCache;
import io.vertx.core.buffer.Buffer;

/**
 * A service's answer as the cache keeps it: bytes and what a reader needs to judge them. Times are
 * on the cache's nanosecond clock. Immutable, so every event loop can read it.
 *
 * @param freshUntil served as a hit before this
 * @param revalidateUntil served stale (with one refresh) before this
 * @param usableOnErrorUntil stands in for a failed call before this
 */
@SuppressWarnings("ArrayRecordComponent") // never compared or hashed: the body is only served
record CachedAnswer(
    int status,
    String contentType,
    byte[] body,
    long storedAt,
    long freshUntil,
    long revalidateUntil,
    long usableOnErrorUntil,
    java.util.List<String> tags) {

  /**
   * @param ttlNanos how long it is fresh: the call's ttl, or what the service's Cache-Control said
   */
  static CachedAnswer of(
      ServiceResponse response,
      CallCache settings,
      long ttlNanos,
      long now,
      java.util.List<String> tags) {
    long fresh = now + ttlNanos;
    return new CachedAnswer(
        response.status(),
        response.contentType(),
        response.body().getBytes(),
        now,
        fresh,
        fresh + settings.staleWhileRevalidate().toNanos(),
        fresh + settings.staleIfError().toNanos(),
        tags);
  }

  long expiresAt() {
    return Math.max(revalidateUntil, usableOnErrorUntil);
  }

  /** A response of its own for one reader (a Buffer is not shared between event loops). */
  CachedAnswer withTags(java.util.List<String> more) {
    return new CachedAnswer(
        status, contentType, body, storedAt, freshUntil, revalidateUntil, usableOnErrorUntil, more);
  }

  ServiceResponse toResponse(CacheUse.State state, long now) {
    return new ServiceResponse(
        status,
        contentType,
        Buffer.buffer(body),
        null,
        -1,
        new CacheUse(
            state,
            Math.max(0, (now - storedAt) / 1_000_000_000L),
            Math.max(0, (freshUntil - now) / 1_000_000_000L)),
        null);
  }
}
