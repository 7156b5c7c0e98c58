package dev.mosaic.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's token bucket, kept as the generic cell rate algorithm's single number: the
 * theoretical arrival time ({@code tat}) at which the bucket would be full again. Taking a token
 * moves it one interval later; a request that would move it more than a bucket's worth ahead of now
 * is refused. That is a token bucket with exact integer arithmetic and one word of state, so every
 * event loop updates it with a compare-and-set and no lock.
 */
final class Bucket {

  private final AtomicLong tat;

  /** How long an untouched bucket takes to fill: past that, forgetting it changes nothing. */
  volatile long idleNanos;

  Bucket(long now, long idleNanos) {
    this.tat = new AtomicLong(now);
    this.idleNanos = idleNanos;
  }

  /**
   * @param intervalNanos the time one token takes to come back
   * @param now the caller's clock (the same for every call on this bucket)
   */
  Decision take(long intervalNanos, int burst, long now) {
    long capacity = intervalNanos * burst;
    idleNanos = capacity;
    while (true) {
      long was = tat.get();
      long from = was - now > 0 ? was : now; // compared by difference, as nanoTime values must be
      long ahead = from + intervalNanos - now;
      if (ahead > capacity) {
        return new Decision(false, burst, 0, ahead - capacity, from - now);
      }
      if (tat.compareAndSet(was, from + intervalNanos)) {
        return new Decision(true, burst, (capacity - ahead) / intervalNanos, 0, ahead);
      }
    }
  }
}
