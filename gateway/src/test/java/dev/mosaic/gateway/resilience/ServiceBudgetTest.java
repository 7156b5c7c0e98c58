package dev.mosaic.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mosaic.gateway.time.ManualClock;
import dev.mosaic.rules.plan.CallBudget;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServiceBudgetTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  private final ManualClock clock = new ManualClock(); // starts at 1 h, on a whole second
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(ServiceBudget.class);

  @BeforeEach
  void listen() {
    events.start();
    logger.addAppender(events);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(events);
    events.stop();
  }

  private List<ILoggingEvent> warnings() {
    return events.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  @Test
  void settingsAreExposed() {
    CallBudget settings = new CallBudget(3, true);
    assertSame(settings, new ServiceBudget("catalog", settings, clock).settings());
  }

  @Test
  void exactlyPerSecondCallsAreAdmittedAndTheNextIsOverReportOnly() {
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(3, false), clock);

    for (int i = 1; i <= 3; i++) {
      assertTrue(budget.admit("GET /a"));
      assertEquals(i, budget.admitted());
      assertEquals(0, budget.exceeded());
    }

    assertTrue(budget.admit("GET /a"), "a budget that is not enforced only reports");
    assertEquals(4, budget.admitted());
    assertEquals(1, budget.exceeded());
    assertEquals(0, budget.turnedAway());

    assertTrue(budget.admit("GET /a"));
    assertEquals(5, budget.admitted());
    assertEquals(2, budget.exceeded());
    assertEquals(0, budget.turnedAway());
  }

  @Test
  void exactlyPerSecondCallsAreAdmittedAndTheNextIsTurnedAwayWhenEnforced() {
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(3, true), clock);

    assertTrue(budget.admit("GET /a"));
    assertTrue(budget.admit("GET /a"));
    assertTrue(budget.admit("GET /a"));
    assertEquals(3, budget.admitted());

    assertFalse(budget.admit("GET /a"));
    assertEquals(3, budget.admitted());
    assertEquals(1, budget.exceeded());
    assertEquals(1, budget.turnedAway());

    assertFalse(budget.admit("GET /a"));
    assertEquals(3, budget.admitted());
    assertEquals(2, budget.exceeded());
    assertEquals(2, budget.turnedAway());
  }

  @Test
  void aBudgetOfZeroTurnsEveryCallAway() {
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(0, true), clock);
    assertFalse(budget.admit("GET /a"));
    assertEquals(0, budget.admitted());
    assertEquals(1, budget.exceeded());
    assertEquals(1, budget.turnedAway());
  }

  @Test
  void theWindowIsTheWholeSecondAndANewSecondResetsIt() {
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(2, true), clock);

    assertTrue(budget.admit("GET /a"));
    clock.advanceMillis(500);
    assertTrue(budget.admit("GET /a"));
    clock.advanceMillis(499); // x.999: still the same second
    assertFalse(budget.admit("GET /a"));

    clock.advanceMillis(1); // x+1.000: a new window
    assertTrue(budget.admit("GET /a"));
    assertTrue(budget.admit("GET /a"));
    assertFalse(budget.admit("GET /a"));

    clock.advanceMillis(5_000); // skipping seconds resets too
    assertTrue(budget.admit("GET /a"));
    assertTrue(budget.admit("GET /a"));
    assertFalse(budget.admit("GET /a"));

    assertEquals(6, budget.admitted());
    assertEquals(3, budget.exceeded());
    assertEquals(3, budget.turnedAway());
  }

  @Test
  void windowsAreFixedSecondsNotSliding() {
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(2, true), clock);

    clock.advanceMillis(900);
    assertTrue(budget.admit("GET /a"));
    assertTrue(budget.admit("GET /a"));
    clock.advanceMillis(100); // 100 ms later, but a new second
    assertTrue(budget.admit("GET /a"));
    assertTrue(budget.admit("GET /a"));
    assertFalse(budget.admit("GET /a"));
    assertEquals(4, budget.admitted());
    assertEquals(1, budget.exceeded());
  }

  @Test
  void millisToNextWindow() {
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(2, true), clock);

    assertEquals(1001, budget.millisToNextWindow()); // on the second
    clock.advanceMillis(250);
    assertEquals(751, budget.millisToNextWindow());
    clock.advanceMillis(749);
    assertEquals(2, budget.millisToNextWindow());

    AtomicLong nanos = new AtomicLong(7 * SECOND + 999_999_999L);
    ServiceBudget edge = new ServiceBudget("catalog", new CallBudget(2, true), nanos::get);
    assertEquals(1, edge.millisToNextWindow());
    nanos.set(-250 * MILLI); // System.nanoTime may be negative: x.750 of the second before 0
    assertEquals(251, edge.millisToNextWindow());
  }

  @Test
  void millisToNextWindowIsAlwaysBetween1And1001() {
    AtomicLong nanos = new AtomicLong();
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(2, true), nanos::get);
    for (long t = -3 * SECOND; t <= 3 * SECOND; t += 7_777_777L) {
      nanos.set(t);
      long millis = budget.millisToNextWindow();
      assertTrue(millis >= 1 && millis <= 1001, t + " -> " + millis);
    }
  }

  @Test
  void callsFromTwoOriginsShareTheBudget() {
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(5, true), clock);

    for (int i = 0; i < 4; i++) {
      assertTrue(budget.admit("GET /a"));
    }
    assertTrue(budget.admit("GET /b"));
    assertFalse(budget.admit("GET /b"));
    assertFalse(budget.admit("GET /a"));

    assertEquals(5, budget.admitted());
    assertEquals(2, budget.exceeded());
    assertEquals(2, budget.turnedAway());
  }

  @Test
  void aNegativeClockWorksLikeAnyOther() {
    AtomicLong nanos = new AtomicLong(-TimeUnit.HOURS.toNanos(1) - 500 * MILLI);
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(1, true), nanos::get);
    assertTrue(budget.admit("GET /a"));
    assertFalse(budget.admit("GET /a"));
    nanos.addAndGet(500 * MILLI);
    assertTrue(budget.admit("GET /a"));
    assertFalse(budget.admit("GET /a"));
  }

  /**
   * Exceeds a 3/s budget: /b once, /a three times (the 4th call of the second is over), then more.
   */
  private static void exceed(ServiceBudget budget, int extra) {
    budget.admit("GET /b");
    budget.admit("GET /a");
    budget.admit("GET /a");
    budget.admit("GET /a");
    for (int i = 0; i < extra; i++) {
      budget.admit("GET /a");
    }
  }

  /**
   * The warning is rate limited to one per 10 s and names the busiest endpoints first. The clock
   * here is negative (System.nanoTime may be); the test below does the same with a positive one.
   */
  @Test
  void theWarningIsRateLimitedAndNamesTheBusiestEndpointFirst() {
    AtomicLong nanos = new AtomicLong(-TimeUnit.HOURS.toNanos(1));
    ServiceBudget budget = new ServiceBudget("catalog", new CallBudget(3, false), nanos::get);

    exceed(budget, 20);
    assertEquals(1, warnings().size());
    assertEquals(
        "call budget of catalog exceeded: 4 calls this second against 3/s; "
            + "calls by endpoint: GET /a 3, GET /b 1",
        warnings().get(0).getFormattedMessage());

    for (int s = 0; s < 9; s++) { // a new second each time, up to 9 s after the first warning
      nanos.addAndGet(SECOND);
      exceed(budget, 5); // 9 calls, 6 over
    }
    nanos.addAndGet(999 * MILLI); // 9.999 s: still the 9th second's window, so all 9 calls are over
    exceed(budget, 5);
    assertEquals(1, warnings().size());
    assertEquals(
        21 + 9 * 6 + 9, budget.exceeded()); // every call over the budget is counted, warned or not

    nanos.addAndGet(MILLI); // exactly 10 s after the first warning
    exceed(budget, 2);
    assertEquals(2, warnings().size());
    assertEquals(
        "call budget of catalog exceeded: 4 calls this second against 3/s; "
            + "calls by endpoint: GET /a 3, GET /b 1",
        warnings().get(1).getFormattedMessage());
    assertEquals(Level.WARN, warnings().get(1).getLevel());
    assertEquals(21 + 9 * 6 + 9 + 3, budget.exceeded());
    assertEquals(2, events.list.size());
  }

  @Test
  void theWarningOfAnEnforcedBudgetSaysCallsAreTurnedAwayAndListsAtMostFiveEndpoints() {
    AtomicLong nanos = new AtomicLong(-TimeUnit.HOURS.toNanos(1));
    ServiceBudget budget = new ServiceBudget("reviews", new CallBudget(20, true), nanos::get);

    // 21 calls: /e1 6, /e2 5, /e3 4, /e4 3, /e5 2, /e6 1; the 21st (an /e1) is over
    int[] calls = {5, 5, 4, 3, 2, 1};
    for (int e = 0; e < calls.length; e++) {
      for (int i = 0; i < calls[e]; i++) {
        assertTrue(budget.admit("GET /e" + (e + 1)));
      }
    }
    assertEquals(0, warnings().size());
    assertFalse(budget.admit("GET /e1"));

    assertEquals(1, warnings().size());
    assertEquals(
        "call budget of reviews exceeded: 21 calls this second against 20/s (calls over it are turned "
            + "away); calls by endpoint: GET /e1 6, GET /e2 5, GET /e3 4, GET /e4 3, GET /e5 2",
        warnings().get(0).getFormattedMessage());
  }

  /**
   * Regression: nextWarning once started at Long.MIN_VALUE, so for any clock >= 0 (System.nanoTime
   * on Linux) now - nextWarning overflowed negative and the warning was never logged.
   */
  @Test
  void theWarningIsLoggedWithAPositiveClock() {
    ServiceBudget budget =
        new ServiceBudget("catalog", new CallBudget(3, false), clock); // clock at +1 h

    exceed(budget, 20);
    assertEquals(21, budget.exceeded());
    assertEquals(1, warnings().size());
    assertEquals(
        "call budget of catalog exceeded: 4 calls this second against 3/s; "
            + "calls by endpoint: GET /a 3, GET /b 1",
        warnings().get(0).getFormattedMessage());

    for (int s = 0; s < 9; s++) {
      clock.advanceMillis(1000);
      exceed(budget, 5);
    }
    clock.advanceMillis(999);
    exceed(budget, 5);
    assertEquals(1, warnings().size());

    clock.advanceMillis(1);
    exceed(budget, 2);
    assertEquals(2, warnings().size());
  }
}
