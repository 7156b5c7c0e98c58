package dev.mosaic.gateway.call;

import static dev.mosaic.gateway.call.Outbounds.failureOf;
import static dev.mosaic.gateway.call.Outbounds.statusOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.resilience.ServiceBreaker;
import dev.mosaic.gateway.resilience.TestGuards;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.BreakerSettings;
import dev.mosaic.rules.plan.CallResilience;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The breaker layer: what reaches the next layer in each state, and what each ending tells the
 * breaker.
 */
class BreakerCallerTest {

  private static final Duration OPEN_FOR = Duration.ofSeconds(5);

  // its reset timer is on this manual time: there is no Vert.x to close
  private final ManualTimeouts time = new ManualTimeouts();
  private final ServiceBreaker breaker =
      TestGuards.breaker(
          "svc", new BreakerSettings(0, 2, 1, Duration.ofSeconds(10), OPEN_FOR, 1), time);
  private final ScriptedCaller service = new ScriptedCaller();
  private final ExplosiveCaller explosive = new ExplosiveCaller();
  private final Outbound call =
      Outbounds.call(Outbounds.service("svc", 1), CallResilience.NONE, Long.MAX_VALUE);

  private void trip() {
    service.thenFail(Kind.RESET).thenFail(Kind.CONNECT);
    BreakerCaller caller = new BreakerCaller(breaker, service);
    caller.send(call);
    caller.send(call);
    assertEquals(CircuitBreakerState.OPEN, breaker.state());
  }

  @Test
  void anOpenBreakerFailsFastWithoutReachingTheNextLayer() {
    trip();
    time.advanceMillis(1000);
    CallFailure failure = failureOf(new BreakerCaller(breaker, explosive).send(call));
    assertEquals(Kind.BREAKER_OPEN, failure.kind());
    assertEquals(
        OPEN_FOR.toMillis() - 1000, failure.retryAfterMillis(), "Retry-After: the rest of openFor");
    assertEquals(0, explosive.calls());
  }

  @Test
  void failuresReportedByAdmittedCallsTripItAndTheNextCallIsTurnedAway() {
    BreakerCaller caller = new BreakerCaller(breaker, service);
    service.thenAnswer(503).thenFail(Kind.TIMEOUT);
    assertEquals(503, statusOf(caller.send(call)), "the answer itself is handed up unchanged");
    assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    assertEquals(Kind.TIMEOUT, failureOf(caller.send(call)).kind());
    assertEquals(Kind.BREAKER_OPEN, failureOf(caller.send(call)).kind());
    assertEquals(2, service.calls());
  }

  @Test
  void aCallCancelledBecauseItWasNoLongerNeededIsNotHeldAgainstTheService() {
    BreakerCaller caller = new BreakerCaller(breaker, service);
    for (int i = 0; i < 5; i++) {
      caller.send(call).cancel(new CallFailure(Kind.CANCELLED, "a hedge answered first"));
    }
    assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    caller.send(call).cancel(new CallFailure(Kind.TIMEOUT, "too slow"));
    caller.send(call).cancel(new CallFailure(Kind.TIMEOUT, "too slow"));
    assertEquals(CircuitBreakerState.OPEN, breaker.state(), "a timeout is the service's fault");
  }

  @Test
  void halfOpenLetsTheProbeReachTheServiceAndTurnsTheRestAway() {
    trip();
    time.advanceMillis(OPEN_FOR.toMillis());
    Exchange probe = new BreakerCaller(breaker, service).send(call);
    assertEquals(3, service.calls());
    assertEquals(
        Kind.BREAKER_OPEN, failureOf(new BreakerCaller(breaker, explosive).send(call)).kind());
    assertEquals(0, explosive.calls());
    assertFalse(probe.result().isComplete());
    service.last().answer(200);
    assertEquals(CircuitBreakerState.CLOSED, breaker.state());
    assertEquals(200, statusOf(new BreakerCaller(breaker, service.thenAnswer(200)).send(call)));
  }

  @Test
  void aFailedProbeOpensItAgain() {
    trip();
    time.advanceMillis(OPEN_FOR.toMillis());
    new BreakerCaller(breaker, service.thenAnswer(500)).send(call);
    assertEquals(CircuitBreakerState.OPEN, breaker.state());
    assertEquals(
        Kind.BREAKER_OPEN, failureOf(new BreakerCaller(breaker, explosive).send(call)).kind());
  }
}
