package dev.mosaic.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.time.ManualClock;
import dev.mosaic.rules.plan.RetryBudget;
import org.junit.jupiter.api.Test;

/** The retry budget's arithmetic and its window, with time driven by the test. */
class RetryAllowanceTest {

  private final ManualClock clock = new ManualClock();

  private static int withdrawAll(RetryAllowance allowance) {
    int granted = 0;
    while (allowance.tryRetry()) {
      granted++;
    }
    return granted;
  }

  @Test
  void retriesAreAShareOfCallsPlusAFloor() {
    RetryAllowance allowance = new RetryAllowance(new RetryBudget(0.2, 0.5), clock);
    for (int i = 0; i < 100; i++) {
      allowance.deposit();
    }
    assertEquals(20 + 5, withdrawAll(allowance), "20% of 100 calls + 0.5/s over 10s");
    assertEquals(25, allowance.retries(), "each retry sent is counted for the metrics");
    assertEquals(1, allowance.denied(), "and so is the one the budget refused");
    assertEquals(0, allowance.hedges());
  }

  @Test
  void oldCallsAndRetriesLeaveTheWindow() {
    RetryAllowance allowance = new RetryAllowance(new RetryBudget(0.1, 0), clock);
    for (int i = 0; i < 50; i++) {
      allowance.deposit();
    }
    assertEquals(5, withdrawAll(allowance));
    clock.advanceMillis(9_000);
    assertFalse(allowance.tryRetry(), "the calls and retries are still in the window");
    clock.advanceMillis(1_000);
    for (int i = 0; i < 10; i++) {
      allowance.deposit();
    }
    assertTrue(allowance.tryRetry(), "a new window: 10% of the 10 new calls");
    assertFalse(allowance.tryRetry());
  }
}
