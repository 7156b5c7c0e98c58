package dev.mosaic.gateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.mosaic.rules.plan.CacheSettings;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The in-process tier (L1) of the fragment cache, shared by every event loop: answers by key in a
 * Caffeine cache bounded by bytes and by entries, each kept until its last use (stale-if-error or
 * stale-while-revalidate, whichever ends later), and the calls in flight per key for coalescing.
 *
 * <p>Caffeine bounds one weight; the cache needs two bounds. Each entry weighs at least {@code
 * maxBytes / maxEntries}, so the byte bound also keeps the count under {@code maxEntries}.
 */
public final class FragmentCache {

  private final Cache<String, CachedAnswer> answers;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

  /** Keys by tag, for invalidation; a key leaves its tags' sets when its entry leaves the cache. */
  private final ConcurrentHashMap<String, java.util.Set<String>> keysByTag =
      new ConcurrentHashMap<>();

  private final LongSupplier nanoClock;
  private final RedisTier shared;
  private final CacheCounts counts = new CacheCounts();

  /**
   * @param shared the Redis tier, or null for this process only
   */
  public FragmentCache(CacheSettings settings, RedisTier shared) {
    this(settings, shared, System::nanoTime);
  }

  FragmentCache(CacheSettings settings, RedisTier shared, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.shared = shared;
    int minimumWeight =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.maxBytes() / settings.maxEntries()));
    this.answers =
        Caffeine.newBuilder()
            .maximumWeight(settings.maxBytes())
            .<String, CachedAnswer>weigher(
                (key, answer) -> Math.max(minimumWeight, answer.body().length + key.length()))
            .expireAfter(
                new Expiry<String, CachedAnswer>() {
                  @Override
                  public long expireAfterCreate(String key, CachedAnswer answer, long now) {
                    return Math.max(0, answer.expiresAt() - nanoClock.getAsLong());
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, CachedAnswer answer, long now, long currentDuration) {
                    return expireAfterCreate(key, answer, now);
                  }

                  @Override
                  public long expireAfterRead(
                      String key, CachedAnswer answer, long now, long currentDuration) {
                    return currentDuration;
                  }
                })
            .ticker(nanoClock::getAsLong)
            .executor(Runnable::run) // index upkeep right away, not on a pool thread later
            .removalListener(
                (String key,
                    CachedAnswer answer,
                    com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                  // a replaced entry's successor is indexed already; a key stored again meanwhile
                  // stays indexed
                  if (key != null
                      && answer != null
                      && cause != com.github.benmanes.caffeine.cache.RemovalCause.REPLACED
                      && !holds(key)) {
                    answer
                        .tags()
                        .forEach(
                            tag ->
                                keysByTag.computeIfPresent(
                                    tag,
                                    (t, keys) -> {
                                      keys.remove(key);
                                      return keys.isEmpty() ? null : keys;
                                    }));
                  }
                })
            .build();
  }

  /** The stack of one event loop with this cache on top of {@code next}. */
  public static dev.mosaic.gateway.http.ServiceCaller over(
      FragmentCache cache,
      dev.mosaic.gateway.http.ServiceCaller next,
      dev.mosaic.gateway.time.Timeouts timeouts) {
    return new CachingCaller(cache, next, timeouts);
  }

  private boolean holds(String key) {
    return answers.asMap().containsKey(key);
  }

  /** What lookups found, for metrics. */
  public CacheCounts counts() {
    return counts;
  }

  /** Whether a Redis tier is shared with other gateway processes. */
  public boolean isShared() {
    return shared != null;
  }

  /** The shared tier, or null. */
  RedisTier shared() {
    return shared;
  }

  long now() {
    return nanoClock.getAsLong();
  }

  CachedAnswer get(String key) {
    return answers.getIfPresent(key);
  }

  void put(String key, CachedAnswer answer) {
    for (String tag : answer.tags()) {
      keysByTag.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(key);
    }
    answers.put(key, answer);
  }

  /**
   * Drops this process's entries that carry any of {@code tags} (an event from Redis pub/sub, or
   * the admin API).
   *
   * @return how many entries were dropped
   */
  public int invalidateLocal(java.util.Collection<String> tags) {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (String tag : tags) {
      java.util.Set<String> tagged = keysByTag.remove(tag);
      if (tagged != null) {
        keys.addAll(tagged);
      }
    }
    answers.invalidateAll(keys);
    return keys.size();
  }

  /**
   * Drops the entries carrying {@code tags} everywhere: here, in Redis, and (through Redis pub/sub)
   * in every other gateway process.
   *
   * @return how many entries this process dropped
   */
  public int invalidate(java.util.Collection<String> tags) {
    int dropped = invalidateLocal(tags);
    if (shared != null) {
      shared.invalidate(tags);
    }
    return dropped;
  }

  /**
   * A change event names {@code tags}: drops their entries here and in Redis, then here again, for
   * whatever a request brought back from Redis in between. Every gateway applies every event, so
   * nothing is published: each drops its own.
   */
  public io.vertx.core.Future<Void> applyChange(java.util.Collection<String> tags) {
    invalidateLocal(tags);
    if (shared == null) {
      return io.vertx.core.Future.succeededFuture();
    }
    return shared.deleteTagged(tags).andThen(deleted -> invalidateLocal(tags)).mapEmpty();
  }

  /**
   * @return the flight already running for {@code key}, or null after registering {@code mine}
   */
  Flight join(String key, Flight mine) {
    return flights.putIfAbsent(key, mine);
  }

  void landed(String key, Flight flight) {
    flights.remove(key, flight);
  }

  /** Closes the shared tier's client, if any. */
  public void close() {
    if (shared != null) {
      shared.close();
    }
  }

  /** Redis operations that failed or ran out of time, or 0 without a shared tier. */
  public long sharedFailures() {
    return shared == null ? 0 : shared.failures();
  }

  /** Drops every entry this process holds (Redis is left alone). */
  public void clearLocal() {
    answers.invalidateAll();
    keysByTag.clear();
  }

  /** Whether an entry carrying {@code tag} is held in this process (tests, admin). */
  public boolean holdsTag(String tag) {
    return keysByTag.containsKey(tag);
  }

  /** Entries now held (approximate, for tests and metrics). */
  public long size() {
    answers.cleanUp();
    return answers.estimatedSize();
  }
}
