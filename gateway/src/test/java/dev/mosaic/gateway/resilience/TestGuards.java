package dev.mosaic.gateway.resilience;

import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.Balance;
import dev.mosaic.rules.plan.BreakerSettings;
import dev.mosaic.rules.plan.EjectionSettings;
import dev.mosaic.rules.plan.RetryBudget;
import dev.mosaic.rules.plan.ServiceAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The guards the call layers consult, built on a test's clock for tests in other packages (their
 * constructors are package-private: production builds them all in {@link Guards}).
 */
public final class TestGuards {

  private TestGuards() {}

  /** A breaker whose clock and reset timer are {@code time}. */
  public static ServiceBreaker breaker(
      String service, BreakerSettings settings, ManualTimeouts time) {
    return new ServiceBreaker(TimerVertx.over(time), service, settings, time);
  }

  public static Bulkhead bulkhead(int limit) {
    return new Bulkhead(limit);
  }

  public static RetryAllowance allowance(RetryBudget budget, LongSupplier clock) {
    return new RetryAllowance(budget, clock);
  }

  public static LatencyTracker latency(double[] percentiles, LongSupplier clock) {
    return new LatencyTracker(percentiles, clock);
  }

  public static InstancePool pool(
      String service,
      int instances,
      Balance balance,
      EjectionSettings ejection,
      LongSupplier clock) {
    List<ServiceAddress> addresses = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      addresses.add(new ServiceAddress(false, "127.0.0.1", 9000 + i));
    }
    return new InstancePool(service, addresses, balance, ejection, clock);
  }
}
