package dev.mosaic.gateway.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.resilience.InstancePool;
import dev.mosaic.gateway.resilience.TestGuards;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.Balance;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.EjectionSettings;
import dev.mosaic.rules.plan.ServicePlan;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The balancing layer: which instance each try goes to, and what its ending teaches the pool. */
class BalancingCallerTest {

  private static final ServicePlan SERVICE = Outbounds.service("svc", 3);

  private final ManualTimeouts time = new ManualTimeouts();
  private final ScriptedCaller http = new ScriptedCaller();

  private InstancePool pool(Balance balance) {
    return TestGuards.pool(
        "svc",
        3,
        balance,
        new EjectionSettings(2, Duration.ofSeconds(10), Duration.ofMinutes(1), 0.5),
        time);
  }

  private Exchange send(BalancingCaller caller, int avoid) {
    return caller.send(
        Outbounds.call(SERVICE, CallResilience.NONE, Long.MAX_VALUE).avoiding(avoid));
  }

  @Test
  void aRetryOrHedgeGoesToAnotherInstanceThanTheOneItAvoids() {
    BalancingCaller caller = new BalancingCaller(pool(Balance.ROUND_ROBIN), http, null);
    for (int avoid = 0; avoid < 3; avoid++) {
      Exchange exchange = send(caller, avoid);
      assertTrue(
          exchange.instance() != avoid, "avoided " + avoid + ", sent to " + exchange.instance());
    }
  }

  @Test
  void callsInFlightAreCountedUntilTheyEndHoweverTheyEnd() {
    InstancePool pool = pool(Balance.LEAST_IN_FLIGHT);
    BalancingCaller caller = new BalancingCaller(pool, http, null);
    Exchange first = send(caller, -1);
    Exchange second = send(caller, -1);
    assertTrue(first.instance() != second.instance(), "least-in-flight spreads them");
    assertEquals(1, pool.instance(first.instance()).inFlight());
    http.sent(0).answer(200);
    second.cancel(new CallFailure(Kind.CANCELLED, "a hedge answered first"));
    for (int i = 0; i < 3; i++) {
      assertEquals(0, pool.instance(i).inFlight(), "instance " + i);
    }
  }

  @Test
  void consecutiveFailuresEjectTheInstanceAndPicksSkipIt() {
    InstancePool pool = pool(Balance.ROUND_ROBIN);
    BalancingCaller caller = new BalancingCaller(pool, http, null);
    for (int i = 0; i < 6; i++) {
      Exchange exchange = send(caller, -1);
      if (exchange.instance() == 0) {
        http.last().answer(503);
      } else {
        http.last().answer(200);
      }
    }
    assertTrue(pool.ejected(0));
    for (int i = 0; i < 4; i++) {
      assertFalse(send(caller, -1).instance() == 0, "an ejected instance gets no call");
    }
    time.advanceMillis(10_000);
    assertEquals(
        List.of(0, 1, 2),
        List.of(
                send(caller, -1).instance(),
                send(caller, -1).instance(),
                send(caller, -1).instance())
            .stream()
            .sorted()
            .toList(),
        "back in rotation after ejectFor");
  }

  @Test
  void aCancelledCallSaysNothingAboutItsInstance() {
    InstancePool pool = pool(Balance.ROUND_ROBIN);
    BalancingCaller caller = new BalancingCaller(pool, http, null);
    for (int i = 0; i < 9; i++) {
      send(caller, -1).cancel(new CallFailure(Kind.CANCELLED, "the deadline passed"));
    }
    for (int i = 0; i < 3; i++) {
      assertFalse(pool.ejected(i));
    }
  }
}
