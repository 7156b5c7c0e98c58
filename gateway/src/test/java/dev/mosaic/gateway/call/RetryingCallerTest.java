package dev.mosaic.gateway.call;

import static dev.mosaic.gateway.call.Outbounds.failureOf;
import static dev.mosaic.gateway.call.Outbounds.statusOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.resilience.RetryAllowance;
import dev.mosaic.gateway.resilience.TestGuards;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.RetryBudget;
import dev.mosaic.rules.plan.RetrySettings;
import dev.mosaic.rules.plan.ServicePlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The retry layer on manual time: what is retried, after which backoff, on which instance, and what
 * is not retried because the budget, the attempts or the call's time would not allow it.
 */
class RetryingCallerTest {

  private static final long MS = 1_000_000;
  private static final ServicePlan SERVICE = Outbounds.service("svc", 3);

  private final ManualTimeouts time = new ManualTimeouts();
  private final ScriptedCaller service = new ScriptedCaller();
  private RetryAllowance budget = TestGuards.allowance(new RetryBudget(1.0, 100), time);

  private static CallResilience retry(int attempts, long backoffMillis, long maxBackoffMillis) {
    return new CallResilience(
        new RetrySettings(
            attempts, Duration.ofMillis(backoffMillis), Duration.ofMillis(maxBackoffMillis)),
        null);
  }

  private Exchange send(CallResilience policy, long millisLeft) {
    return new RetryingCaller(budget, service, time, time)
        .send(Outbounds.call(SERVICE, policy, time.getAsLong() + millisLeft * MS));
  }

  private long lastDelay() {
    List<Long> delays = time.delaysNanos();
    return delays.get(delays.size() - 1);
  }

  @Test
  void aRefusedConnectionIsRetriedWhenTheBackoffEndsOnAnotherInstance() {
    service.thenFail(Kind.CONNECT).thenAnswer(200);
    Exchange exchange = send(retry(2, 100, 1000), 10_000);
    long delay = lastDelay();
    assertTrue(
        delay >= 50 * MS && delay <= 100 * MS,
        "equal jitter: half to all of the backoff, got " + delay);
    time.advanceNanos(delay - 1);
    assertEquals(1, service.calls(), "not before the backoff ends");
    assertFalse(exchange.result().isComplete());
    time.advanceNanos(1);
    assertEquals(2, service.calls());
    assertEquals(
        service.sent(0).instance(),
        service.sent(1).call().avoid(),
        "the retry avoids the instance that failed");
    assertEquals(200, statusOf(exchange));
  }

  @ParameterizedTest
  @ValueSource(strings = {"502", "503", "504", "CONNECT", "RESET"})
  void whatTheServiceCertainlyDidNotHandleIsRetried(String outcome) {
    script(outcome);
    service.thenAnswer(200);
    Exchange exchange = send(retry(2, 10, 10), 10_000);
    time.advanceMillis(10);
    assertEquals(2, service.calls());
    assertEquals(200, statusOf(exchange));
  }

  @ParameterizedTest
  @ValueSource(strings = {"200", "404", "500", "TIMEOUT", "TOO_LARGE", "POOL_FULL", "CANCELLED"})
  void whatTheServiceMayHaveHandledOrAnsweredIsNot(String outcome) {
    script(outcome);
    Exchange exchange = send(retry(3, 10, 10), 10_000);
    time.advanceMillis(1000);
    assertEquals(
        1, service.calls(), "a 500 may have done half the work; a timeout may still be doing it");
    assertTrue(exchange.result().isComplete());
    assertEquals(0, time.pending());
  }

  private void script(String outcome) {
    if (Character.isDigit(outcome.charAt(0))) {
      service.thenAnswer(Integer.parseInt(outcome));
    } else {
      service.thenFail(Kind.valueOf(outcome));
    }
  }

  @Test
  void theBackoffDoublesUpToItsCapAndTheLastAnswerIsHandedUp() {
    service.thenAnswer(503).thenFail(Kind.RESET).thenAnswer(502).thenAnswer(504);
    Exchange exchange = send(retry(4, 100, 150), 10_000);
    long[][] bounds = {{50, 100}, {75, 150}, {75, 150}};
    for (long[] bound : bounds) {
      long delay = lastDelay();
      assertTrue(
          delay >= bound[0] * MS && delay <= bound[1] * MS,
          delay + " outside " + bound[0] + ".." + bound[1] + "ms");
      time.advanceNanos(delay);
    }
    assertEquals(4, service.calls());
    assertEquals(
        504, statusOf(exchange), "out of attempts: the last answer, not a made-up failure");
    assertEquals(List.of(-1, 0, 1, 2), service.all().stream().map(e -> e.call().avoid()).toList());
  }

  @Test
  void noRetryIsStartedThatCouldNotFinishBeforeTheCallsTimeIsUp() {
    service.thenFail(Kind.RESET);
    Exchange exchange = send(retry(3, 200, 200), 99); // the backoff alone is at least 100ms
    assertEquals(Kind.RESET, failureOf(exchange).kind(), "the failure is handed up at once");
    assertEquals(0, time.pending());
    assertEquals(1, service.calls());
  }

  @Test
  void aBackoffThatEndsTooLateSendsNothingAndHandsUpTheFailure() {
    service.thenFail(Kind.RESET);
    Exchange exchange = send(retry(3, 100, 100), 150);
    assertEquals(1, time.pending());
    time.stallMillis(150); // the loop was busy: the backoff runs with the call's time already up
    time.advanceMillis(0);
    assertEquals(
        1, service.calls(), "a try sent now would be cut at once and blamed on the service");
    assertEquals(Kind.RESET, failureOf(exchange).kind());
  }

  @Test
  void anEmptyRetryBudgetHandsUpTheFirstFailure() {
    budget = TestGuards.allowance(new RetryBudget(0, 0), time);
    service.thenFail(Kind.CONNECT);
    Exchange exchange = send(retry(3, 10, 10), 10_000);
    assertEquals(Kind.CONNECT, failureOf(exchange).kind());
    assertEquals(1, service.calls());
    assertEquals(1, budget.denied());
  }

  @Test
  void callsThatNeverRetryStillEarnRetriesForThoseThatDo() {
    budget = TestGuards.allowance(new RetryBudget(0.5, 0), time);
    Exchange plain = send(CallResilience.NONE, 10_000);
    assertSame(service.sent(0), plain, "a call without a retry policy is passed straight through");
    service.thenFail(Kind.RESET).thenAnswer(200);
    Exchange retried = send(retry(2, 10, 10), 10_000);
    time.advanceMillis(10);
    assertEquals(200, statusOf(retried), "half of two calls is one retry");
    assertEquals(1, budget.retries());
  }

  @Test
  void cancellingDuringTheBackoffSendsNothingMore() {
    service.thenFail(Kind.CONNECT);
    Exchange exchange = send(retry(3, 100, 100), 10_000);
    exchange.cancel(new CallFailure(Kind.CANCELLED, "a required call failed"));
    assertEquals(Kind.CANCELLED, failureOf(exchange).kind());
    assertEquals(0, time.pending(), "the backoff is cancelled");
    time.advanceMillis(1000);
    assertEquals(1, service.calls());
  }

  @Test
  void cancellingATryInFlightCancelsItWithTheSameReason() {
    service.thenFail(Kind.RESET);
    Exchange exchange = send(retry(2, 10, 10), 10_000);
    time.advanceMillis(10);
    exchange.cancel(new CallFailure(Kind.TIMEOUT, "the call's time is up"));
    assertEquals(List.of(Kind.TIMEOUT), service.sent(1).cancels());
    assertEquals(Kind.TIMEOUT, failureOf(exchange).kind());
  }
}
