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
 * <p>Caffeine bounds one weight; the cache needs two bounds. Each entry weighs at least
 * {@code maxBytes / maxEntries}, so the byte bound also keeps the count under {@code maxEntries}.
 */
public final class FragmentCache {

  private final Cache<String, CachedAnswer> answers;
  private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private final RedisTier shared;

  /** @param shared the Redis tier, or null for this process only */
  public FragmentCache(CacheSettings settings, RedisTier shared) {
    this(settings, shared, System::nanoTime);
  }

  FragmentCache(CacheSettings settings, RedisTier shared, LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.shared = shared;
    int minimumWeight = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.maxBytes() / settings.maxEntries()));
    this.answers = Caffeine.newBuilder()
        .maximumWeight(settings.maxBytes())
        .<String, CachedAnswer>weigher((key, answer) -> Math.max(minimumWeight, answer.body().length + key.length()))
        .expireAfter(new Expiry<String, CachedAnswer>() {
          @Override
          public long expireAfterCreate(String key, CachedAnswer answer, long now) {
            return Math.max(0, answer.expiresAt() - nanoClock.getAsLong());
          }

          @Override
          public long expireAfterUpdate(String key, CachedAnswer answer, long now, long currentDuration) {
            return expireAfterCreate(key, answer, now);
          }

          @Override
          public long expireAfterRead(String key, CachedAnswer answer, long now, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(nanoClock::getAsLong)
        .build();
  }

  /** The stack of one event loop with this cache on top of {@code next}. */
  public static dev.mosaic.gateway.http.ServiceCaller over(FragmentCache cache, dev.mosaic.gateway.http.ServiceCaller next,
      dev.mosaic.gateway.time.Timeouts timeouts) {
    return new CachingCaller(cache, next, timeouts);
  }

  /** Whether any call of {@code plan} is cached: only then does a gateway need a cache. */
  public static boolean usedBy(dev.mosaic.rules.plan.GatewayPlan plan) {
    return plan.endpoints().stream().flatMap(e -> e.calls().stream()).anyMatch(c -> c.cache() != null);
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
    answers.put(key, answer);
  }

  /** @return the flight already running for {@code key}, or null after registering {@code mine} */
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

  /** Entries now held (approximate, for tests and metrics). */
  public long size() {
    answers.cleanUp();
    return answers.estimatedSize();
  }
}
