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
import dev.mosaic.gateway.resilience.LatencyTracker;
import dev.mosaic.gateway.resilience.RetryAllowance;
import dev.mosaic.gateway.resilience.TestGuards;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.HedgeSettings;
import dev.mosaic.rules.plan.RetryBudget;
import dev.mosaic.rules.plan.ServicePlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hedge layer on manual time: when the duplicate starts, where it goes, who wins, who is
 * cancelled.
 */
class HedgingCallerTest {

  private static final long MS = 1_000_000;
  private static final ServicePlan SERVICE = Outbounds.service("svc", 3);
  private static final CallResilience AFTER_50MS =
      new CallResilience(
          null, new HedgeSettings(Duration.ofMillis(50), 0, HedgeSettings.DEFAULT_MIN));

  private final ManualTimeouts time = new ManualTimeouts();
  private final ScriptedCaller service = new ScriptedCaller();
  private RetryAllowance budget = TestGuards.allowance(new RetryBudget(1.0, 100), time);
  private LatencyTracker latency;

  private Exchange send(CallResilience policy, long millisLeft) {
    return new HedgingCaller(service, budget, latency, time, time)
        .send(Outbounds.call(SERVICE, policy, time.getAsLong() + millisLeft * MS));
  }

  private Exchange hedged() {
    Exchange exchange = send(AFTER_50MS, 10_000);
    time.advanceMillis(50);
    assertEquals(2, service.calls());
    return exchange;
  }

  @Test
  void theHedgeStartsExactlyWhenTheDelayPassesOnAnotherInstance() {
    send(AFTER_50MS, 10_000);
    time.advanceNanos(50 * MS - 1);
    assertEquals(1, service.calls());
    time.advanceNanos(1);
    assertEquals(2, service.calls());
    assertEquals(service.sent(0).instance(), service.sent(1).call().avoid());
    assertEquals(1, budget.hedges());
  }

  @Test
  void theFirstAnswerWinsAndTheLoserIsCancelledAsNoLongerNeeded() {
    Exchange exchange = hedged();
    service.sent(1).answer(200);
    assertEquals(200, statusOf(exchange));
    assertEquals(
        List.of(Kind.CANCELLED),
        service.sent(0).cancels(),
        "CANCELLED: the loser is not blamed on the service");
    assertTrue(HedgedExchange.lostTheRace(service.sent(0).cancelFailures().get(0)));
    assertEquals(
        service.sent(1).instance(),
        exchange.instance(),
        "a retry above must avoid the winner's instance");
    assertEquals(List.of(), service.sent(1).cancels());
  }

  @Test
  void anAnswerBeforeTheDelaySendsNoHedge() {
    Exchange exchange = send(AFTER_50MS, 10_000);
    time.advanceMillis(49);
    service.sent(0).answer(200);
    assertEquals(200, statusOf(exchange));
    assertEquals(0, time.pending(), "the hedge timer is cancelled");
    time.advanceMillis(100);
    assertEquals(1, service.calls());
  }

  @Test
  void aFailureDoesNotWinWhileTheOtherMayStillAnswerWell() {
    Exchange exchange = hedged();
    service.sent(0).fail(Kind.RESET);
    assertFalse(exchange.result().isComplete());
    service.sent(1).answer(200);
    assertEquals(200, statusOf(exchange));
  }

  @Test
  void whenBothFailTheLastFailureIsHandedUp() {
    Exchange exchange = hedged();
    service.sent(1).answer(503);
    assertFalse(exchange.result().isComplete());
    service.sent(0).fail(Kind.CONNECT);
    assertEquals(Kind.CONNECT, failureOf(exchange).kind());
  }

  @Test
  void noHedgeWhenTheCallsTimeEndsBeforeTheDuplicateCouldRun() {
    Exchange exchange = send(AFTER_50MS, 50);
    assertSame(service.sent(0), exchange, "no hedging at all: the try is passed straight through");
    assertEquals(0, time.pending());
  }

  @Test
  void noHedgeWhenTheTimerRunsLateAndTheCallsTimeIsUp() {
    send(AFTER_50MS, 60);
    time.stallMillis(60);
    time.advanceMillis(0);
    assertEquals(1, service.calls());
  }

  @Test
  void theRetryBudgetCapsHedges() {
    budget = TestGuards.allowance(new RetryBudget(0, 0), time);
    send(AFTER_50MS, 10_000);
    time.advanceMillis(1000);
    assertEquals(1, service.calls());
    assertEquals(1, budget.denied());
  }

  @Test
  void cancellingCancelsBothTriesWithTheSameReason() {
    Exchange exchange = hedged();
    exchange.cancel(new CallFailure(Kind.TIMEOUT, "the call's time is up"));
    assertEquals(List.of(Kind.TIMEOUT), service.sent(0).cancels());
    assertEquals(List.of(Kind.TIMEOUT), service.sent(1).cancels());
    assertEquals(Kind.TIMEOUT, failureOf(exchange).kind());
  }

  @Test
  void aPercentileHedgeWaitsForEnoughAnswersThenHedgesAtThatLatencyButNeverBelowMin() {
    latency = TestGuards.latency(new double[] {90}, time);
    CallResilience p90 =
        new CallResilience(null, new HedgeSettings(null, 90, Duration.ofMillis(5)));
    Exchange first = send(p90, 10_000);
    assertSame(service.sent(0), first, "no answers seen yet: no hedging");
    for (int i = 0; i < 20; i++) {
      latency.record(30 * MS);
    }
    time.advanceMillis(1000);
    send(p90, 10_000);
    long delay = time.delaysNanos().get(0);
    assertTrue(Math.abs(delay - 30 * MS) <= MS, "hedge at the observed p90 of 30ms, got " + delay);

    for (int i = 0; i < 20; i++) {
      latency.record(MS);
    }
    time.advanceMillis(1000);
    send(p90, 10_000);
    assertEquals(5 * MS, time.delaysNanos().get(1), "never sooner than min");
  }
}
