package dev.mosaic.gateway.resilience;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A nanosecond clock the test moves by hand (Resilience4j's MockClock, Caffeine's FakeTicker). */
final class ManualClock implements LongSupplier {

  private long nanos = TimeUnit.HOURS.toNanos(1);

  @Override
  public long getAsLong() {
    return nanos;
  }

  void advanceMillis(long millis) {
    nanos += TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
