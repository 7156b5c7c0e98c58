package dev.mosaic.gateway.time;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** A nanosecond clock the test moves by hand (Resilience4j's MockClock, Caffeine's FakeTicker). */
public final class ManualClock implements LongSupplier {

  private long nanos = TimeUnit.HOURS.toNanos(1);

  @Override
  public long getAsLong() {
    return nanos;
  }

  public void advanceMillis(long millis) {
    nanos += TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
