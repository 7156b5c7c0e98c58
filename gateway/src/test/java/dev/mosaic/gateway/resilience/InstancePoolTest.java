package dev.mosaic.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.time.ManualClock;
import dev.mosaic.rules.plan.Balance;
import dev.mosaic.rules.plan.EjectionSettings;
import dev.mosaic.rules.plan.ServiceAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Balancing and ejection periods, with time driven by the test. */
class InstancePoolTest {

  private final ManualClock clock = new ManualClock();

  private InstancePool pool(int size, Balance balance) {
    List<ServiceAddress> addresses = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      addresses.add(new ServiceAddress(false, "127.0.0.1", 9000 + i));
    }
    return new InstancePool(
        "svc",
        addresses,
        balance,
        new EjectionSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(3), 0.5),
        clock);
  }

  private static void fail(InstancePool pool, int index, int times) {
    for (int i = 0; i < times; i++) {
      pool.record(pool.instance(index), Verdict.FAILURE);
    }
  }

  @Test
  void ejectionPeriodsDoubleInARowUpToTheMaximum() {
    InstancePool pool = pool(2, Balance.ROUND_ROBIN);
    long[] expected = {1000, 2000, 3000, 3000};
    for (long period : expected) {
      fail(pool, 0, 2);
      assertTrue(pool.ejected(0));
      clock.advanceMillis(period - 1);
      assertTrue(pool.ejected(0), "still out 1ms before " + period + "ms");
      clock.advanceMillis(1);
      assertFalse(pool.ejected(0), "back after " + period + "ms");
    }
  }

  @Test
  void aStreakIsForgottenOnceTheInstanceStayedInAsLongAsItWasOut() {
    InstancePool pool = pool(2, Balance.ROUND_ROBIN);
    fail(pool, 0, 2);
    clock.advanceMillis(1000);
    fail(pool, 0, 2); // straight away again: 2s
    clock.advanceMillis(2000);
    assertFalse(pool.ejected(0));
    clock.advanceMillis(2000); // healthy for as long as it was last out
    fail(pool, 0, 2);
    clock.advanceMillis(999);
    assertTrue(pool.ejected(0));
    clock.advanceMillis(1);
    assertFalse(pool.ejected(0), "a new streak starts from ejectFor again");
  }

  @Test
  void aSuccessResetsTheConsecutiveFailures() {
    InstancePool pool = pool(2, Balance.ROUND_ROBIN);
    pool.record(pool.instance(0), Verdict.FAILURE);
    pool.record(pool.instance(0), Verdict.SUCCESS);
    pool.record(pool.instance(0), Verdict.FAILURE);
    assertFalse(pool.ejected(0));
    pool.record(pool.instance(0), Verdict.NEUTRAL); // a cancelled call says nothing
    pool.record(pool.instance(0), Verdict.FAILURE);
    assertTrue(pool.ejected(0));
  }

  @Test
  void atMostTheConfiguredShareIsOutAndPicksSkipThem() {
    InstancePool pool = pool(4, Balance.ROUND_ROBIN);
    fail(pool, 0, 2);
    fail(pool, 1, 2);
    fail(pool, 2, 2); // 50% of 4 = 2 already out
    assertTrue(pool.ejected(0) && pool.ejected(1));
    assertFalse(pool.ejected(2));
    for (int i = 0; i < 8; i++) {
      int picked = pool.pick(-1).index();
      assertTrue(picked == 2 || picked == 3, "picked an ejected instance: " + picked);
    }
  }

  @Test
  void aRetryAvoidsTheInstanceItTriedWhenThereIsAnother() {
    InstancePool pool = pool(3, Balance.ROUND_ROBIN);
    for (int avoid = 0; avoid < 3; avoid++) {
      assertEquals((avoid + 1) % 3, pool.pick(avoid).index());
    }
    InstancePool two = pool(2, Balance.ROUND_ROBIN);
    fail(two, 1, 2);
    assertEquals(0, two.pick(0).index(), "the only instance in rotation, even if it was tried");
  }

  @Test
  void leastInFlightPrefersTheIdlestInstance() {
    InstancePool pool = pool(3, Balance.LEAST_IN_FLIGHT);
    pool.instance(0).acquired();
    pool.instance(0).acquired();
    pool.instance(1).acquired();
    for (int i = 0; i < 5; i++) {
      assertEquals(2, pool.pick(-1).index());
    }
    pool.instance(2).acquired();
    pool.instance(2).acquired();
    assertEquals(1, pool.pick(-1).index());
  }
}
