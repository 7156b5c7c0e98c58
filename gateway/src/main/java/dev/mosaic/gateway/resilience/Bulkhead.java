package dev.mosaic.gateway.resilience;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limit} calls to one service in flight from this process, across event loops.
 * Excess fails at once rather than waiting: a queue in front of a slow service only turns its
 * slowness into the gateway's (Resilience4j's SemaphoreBulkhead with a zero wait).
 */
public final class Bulkhead {

  private final int limit;
  private final AtomicInteger inFlight = new AtomicInteger();

  Bulkhead(int limit) {
    this.limit = limit;
  }

  public boolean tryAcquire() {
    if (inFlight.incrementAndGet() > limit) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  public void release() {
    inFlight.decrementAndGet();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int limit() {
    return limit;
  }
}
