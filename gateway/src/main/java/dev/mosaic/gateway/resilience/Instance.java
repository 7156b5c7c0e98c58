package dev.mosaic.gateway.resilience;

import dev.mosaic.rules.plan.ServiceAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One instance of a service as the whole process sees it: calls in flight (for least-in-flight),
 * consecutive failures and the current ejection (for outlier ejection). Ejection fields are written
 * under the owning {@link InstancePool}'s monitor and read without it.
 */
public final class Instance {

  private final int index;
  private final ServiceAddress address;
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger consecutiveFailures = new AtomicInteger();
  volatile long ejectedUntilNanos = Long.MIN_VALUE;
  int ejectionsInARow;
  long lastEjectionNanos;

  Instance(int index, ServiceAddress address) {
    this.index = index;
    this.address = address;
  }

  public int index() {
    return index;
  }

  public ServiceAddress address() {
    return address;
  }

  public int inFlight() {
    return inFlight.get();
  }

  boolean ejectedAt(long nowNanos) {
    return ejectedUntilNanos > nowNanos;
  }

  /** A call is about to be sent to this instance. */
  public void acquired() {
    inFlight.incrementAndGet();
  }

  public void released() {
    inFlight.decrementAndGet();
  }
}
