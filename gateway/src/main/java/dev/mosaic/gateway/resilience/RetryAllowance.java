package dev.mosaic.gateway.resilience;

import dev.mosaic.rules.plan.RetryBudget;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A service's retry budget (Finagle's RetryBudget, Envoy's retry budgets): every call deposits,
 * every retry or hedge withdraws, and a withdrawal succeeds only while retries stay within {@code
 * share} of the calls of the last {@link RetryBudget#WINDOW_SECONDS} seconds, plus {@code
 * minPerSecond} for a quiet service. When a service struggles, its callers' retries are capped at a
 * fixed fraction of its load instead of multiplying it.
 */
public final class RetryAllowance {

  private final RetryBudget budget;
  private final RollingCounts counts;
  private final LongAdder retries = new LongAdder();
  private final LongAdder hedges = new LongAdder();
  private final LongAdder denied = new LongAdder();

  RetryAllowance(RetryBudget budget, LongSupplier nanoClock) {
    this.budget = budget;
    this.counts = new RollingCounts(RetryBudget.WINDOW_SECONDS * 1_000_000_000L, nanoClock);
  }

  /** One call to the service (not a retry). */
  public void deposit() {
    counts.add(false);
  }

  /**
   * @return whether one more retry may be sent; when true it is counted
   */
  public boolean tryRetry() {
    if (!tryWithdraw()) {
      denied.increment();
      return false;
    }
    retries.increment();
    return true;
  }

  /**
   * @return whether one more hedge may be sent; when true it is counted
   */
  public boolean tryHedge() {
    if (!tryWithdraw()) {
      denied.increment();
      return false;
    }
    hedges.increment();
    return true;
  }

  /** Retries sent since start (for metrics). */
  public long retries() {
    return retries.sum();
  }

  /** Hedges sent since start (for metrics). */
  public long hedges() {
    return hedges.sum();
  }

  /** Retries and hedges the budget refused (for metrics). */
  public long denied() {
    return denied.sum();
  }

  private boolean tryWithdraw() {
    synchronized (counts) {
      double allowed =
          budget.share() * counts.total() + budget.minPerSecond() * RetryBudget.WINDOW_SECONDS;
      if (counts.marked() + 1
          > allowed + 1e-9) { // 20% of 5 calls is one retry, whatever the rounding
        return false;
      }
      counts.addMarkedOnly();
      return true;
    }
  }
}
