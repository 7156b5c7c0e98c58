package dev.mosaic.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.mosaic.rules.plan.RateLimit;
import java.util.function.LongSupplier;

/**
 * The buckets of this process, shared by every event loop. Bounded in count, so a flood of distinct
 * clients evicts some (Caffeine's W-TinyLFU: the rarely seen first) instead of exhausting memory
 * (an evicted client starts again with a full bucket: the price of the bound). A bucket left alone
 * until it would be full again is dropped then, which loses nothing.
 */
final class LocalBuckets {

  private final Cache<String, Bucket> buckets;
  private final LongSupplier clock;

  LocalBuckets(long maxClients, LongSupplier clock) {
    this.clock = clock;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxClients)
            .ticker(clock::getAsLong)
            .expireAfter(
                new Expiry<String, Bucket>() {
                  @Override
                  public long expireAfterCreate(String key, Bucket bucket, long now) {
                    return bucket.idleNanos;
                  }

                  @Override
                  public long expireAfterUpdate(String key, Bucket bucket, long now, long current) {
                    return current;
                  }

                  @Override
                  public long expireAfterRead(String key, Bucket bucket, long now, long current) {
                    return bucket.idleNanos;
                  }
                })
            .build();
  }

  Decision take(String key, RateLimit limit) {
    long now = clock.getAsLong();
    long interval = limit.intervalNanos();
    Bucket bucket = buckets.get(key, k -> new Bucket(now, interval * limit.burst()));
    return bucket.take(interval, limit.burst(), now);
  }

  long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }
}
