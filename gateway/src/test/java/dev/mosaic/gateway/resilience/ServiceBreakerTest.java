package dev.mosaic.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.BreakerSettings;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The breaker's state machine on a manual clock (Resilience4j's CircuitBreakerStateMachineTest with
 * its MockClock): the rolling window, the open period, the probes. The reset timer of
 * vertx-circuit-breaker runs on the same manual time, so "openFor passed" is a step of the test.
 */
class ServiceBreakerTest {

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration OPEN_FOR = Duration.ofSeconds(5);

  private final ManualTimeouts time = new ManualTimeouts();
  private ServiceBreaker breaker;

  @AfterEach
  void close() {
    if (breaker != null) {
      breaker.close();
    }
  }

  private ServiceBreaker breaker(double rate, int failures, int minCalls, int probes) {
    breaker =
        new ServiceBreaker(
            TimerVertx.over(time),
            "svc",
            new BreakerSettings(rate, failures, minCalls, WINDOW, OPEN_FOR, probes),
            time);
    return breaker;
  }

  private static void record(ServiceBreaker breaker, Verdict... verdicts) {
    for (Verdict verdict : verdicts) {
      breaker.record(breaker.tryAcquire(), verdict);
    }
  }

  private ServiceBreaker open(int probes) {
    ServiceBreaker b = breaker(0, 1, 1, probes);
    record(b, Verdict.FAILURE);
    assertEquals(CircuitBreakerState.OPEN, b.state());
    return b;
  }

  private ServiceBreaker halfOpen(int probes) {
    ServiceBreaker b = open(probes);
    time.advanceMillis(OPEN_FOR.toMillis());
    assertEquals(CircuitBreakerState.HALF_OPEN, b.state());
    return b;
  }

  @Test
  void opensWhenTheFailureCountIsReachedWithinTheWindow() {
    ServiceBreaker b = breaker(0, 3, 3, 1);
    record(b, Verdict.FAILURE, Verdict.SUCCESS, Verdict.FAILURE);
    time.advanceMillis(WINDOW.toMillis() / 2);
    assertEquals(CircuitBreakerState.CLOSED, b.state(), "two failures of three");
    record(b, Verdict.FAILURE);
    assertEquals(
        CircuitBreakerState.OPEN,
        b.state(),
        "a success in between does not save it (unlike maxFailures)");
    assertNull(b.tryAcquire());
  }

  @Test
  void failuresThatLeftTheWindowNoLongerCount() {
    ServiceBreaker b = breaker(0, 3, 1, 1);
    record(b, Verdict.FAILURE, Verdict.FAILURE);
    time.advanceMillis(WINDOW.toMillis() + WINDOW.toMillis() / 10);
    record(b, Verdict.FAILURE);
    assertEquals(CircuitBreakerState.CLOSED, b.state());
    record(b, Verdict.FAILURE, Verdict.FAILURE);
    assertEquals(CircuitBreakerState.OPEN, b.state(), "three within the window");
  }

  @Test
  void theRateTripsOnlyOnceMinCallsHaveEnded() {
    ServiceBreaker b = breaker(0.5, 0, 4, 1);
    record(b, Verdict.FAILURE, Verdict.FAILURE, Verdict.SUCCESS);
    assertEquals(CircuitBreakerState.CLOSED, b.state(), "two thirds failed, but only three calls");
    record(b, Verdict.SUCCESS);
    assertEquals(CircuitBreakerState.OPEN, b.state(), "half of four");
  }

  @Test
  void callsThatReachedNoVerdictAreNotCalls() {
    ServiceBreaker b = breaker(0.5, 0, 2, 1);
    record(b, Verdict.FAILURE, Verdict.NEUTRAL, Verdict.NEUTRAL);
    assertEquals(
        CircuitBreakerState.CLOSED,
        b.state(),
        "a cancelled call is not a success that makes 2 calls");
    record(b, Verdict.SUCCESS);
    assertEquals(CircuitBreakerState.OPEN, b.state());
  }

  @Test
  void anOpenBreakerRejectsUntilOpenForHasPassedAndSaysWhenToComeBack() {
    ServiceBreaker b = open(1);
    assertEquals(OPEN_FOR.toMillis(), b.retryAfterMillis());
    time.advanceMillis(OPEN_FOR.toMillis() - 1);
    assertNull(b.tryAcquire());
    assertEquals(CircuitBreakerState.OPEN, b.state());
    assertEquals(1, b.retryAfterMillis());
    time.advanceMillis(1);
    assertEquals(CircuitBreakerState.HALF_OPEN, b.state());
    assertEquals(0, b.retryAfterMillis());
  }

  @Test
  void halfOpenLetsExactlyTheProbesThroughAndTheirSuccessCloses() {
    ServiceBreaker b = halfOpen(2);
    ServiceBreaker.Permit first = b.tryAcquire();
    ServiceBreaker.Permit second = b.tryAcquire();
    assertNotNull(first);
    assertNotNull(second);
    assertNull(b.tryAcquire(), "two probes configured");
    b.record(first, Verdict.SUCCESS);
    assertEquals(CircuitBreakerState.HALF_OPEN, b.state(), "every probe must succeed");
    b.record(second, Verdict.SUCCESS);
    assertEquals(CircuitBreakerState.CLOSED, b.state());
    assertNotNull(b.tryAcquire());
    assertNotNull(b.tryAcquire());
  }

  @Test
  void aFailedProbeReopensForAnotherOpenFor() {
    ServiceBreaker b = halfOpen(2);
    ServiceBreaker.Permit first = b.tryAcquire();
    ServiceBreaker.Permit second = b.tryAcquire();
    b.record(first, Verdict.SUCCESS);
    b.record(second, Verdict.FAILURE);
    assertEquals(CircuitBreakerState.OPEN, b.state());
    assertNull(b.tryAcquire());
    assertEquals(OPEN_FOR.toMillis(), b.retryAfterMillis());
    time.advanceMillis(OPEN_FOR.toMillis());
    assertEquals(CircuitBreakerState.HALF_OPEN, b.state());
    assertNotNull(b.tryAcquire());
  }

  @Test
  void aProbeThatReachedNoVerdictGivesItsTurnBack() {
    ServiceBreaker b = halfOpen(1);
    ServiceBreaker.Permit probe = b.tryAcquire();
    assertNull(b.tryAcquire());
    b.record(probe, Verdict.NEUTRAL);
    assertEquals(CircuitBreakerState.HALF_OPEN, b.state());
    ServiceBreaker.Permit again = b.tryAcquire();
    assertNotNull(
        again, "a cancelled probe (a hedge that lost) must not leave the breaker stuck half-open");
    b.record(again, Verdict.SUCCESS);
    assertEquals(CircuitBreakerState.CLOSED, b.state());
  }

  @Test
  void aCallAdmittedBeforeATransitionDoesNotVoteOnTheNextState() {
    ServiceBreaker b = breaker(0, 1, 1, 1);
    ServiceBreaker.Permit early = b.tryAcquire();
    record(b, Verdict.FAILURE);
    time.advanceMillis(OPEN_FOR.toMillis());
    b.record(early, Verdict.FAILURE);
    assertEquals(
        CircuitBreakerState.HALF_OPEN,
        b.state(),
        "a slow call from before the trip must not reopen it");
    ServiceBreaker.Permit probe = b.tryAcquire();
    b.record(probe, Verdict.SUCCESS);
    b.record(probe, Verdict.FAILURE);
    assertEquals(
        CircuitBreakerState.CLOSED,
        b.state(),
        "a probe's late second report is from another generation");
  }
}
