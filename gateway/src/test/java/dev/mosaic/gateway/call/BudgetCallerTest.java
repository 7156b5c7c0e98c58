package dev.mosaic.gateway.call;

import static dev.mosaic.gateway.call.Outbounds.failureOf;
import static dev.mosaic.gateway.call.Outbounds.statusOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.resilience.ServiceBudget;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.CallBudget;
import dev.mosaic.rules.plan.CallResilience;
import org.junit.jupiter.api.Test;

/**
 * The call-budget layer. The budget is per process, so two layers (two event loops) share one: what
 * one spends, the other cannot.
 */
class BudgetCallerTest {

  private final ManualTimeouts time = new ManualTimeouts(); // starts on a whole second
  private final ScriptedCaller service = new ScriptedCaller();
  private final ExplosiveCaller explosive = new ExplosiveCaller();
  private final Outbound call =
      Outbounds.call(Outbounds.service("svc", 1), CallResilience.NONE, Long.MAX_VALUE);

  @Test
  void anEnforcedBudgetTurnsCallsAwayForTheRestOfTheSecond() {
    ServiceBudget budget = new ServiceBudget("svc", new CallBudget(2, true), time);
    BudgetCaller loopA = new BudgetCaller(budget, service.thenAnswer(200).thenAnswer(200));
    assertEquals(200, statusOf(loopA.send(call)));
    assertEquals(200, statusOf(loopA.send(call)));
    time.advanceMillis(400);
    CallFailure failure = failureOf(new BudgetCaller(budget, explosive).send(call));
    assertEquals(CallFailure.Kind.OVER_BUDGET, failure.kind());
    assertEquals(
        601, failure.retryAfterMillis(), "Retry-After: when the next second starts (rounded up)");
    assertEquals(0, explosive.calls());
    assertEquals(1, budget.turnedAway());
  }

  @Test
  void theNextSecondHasAFreshBudget() {
    ServiceBudget budget = new ServiceBudget("svc", new CallBudget(1, true), time);
    BudgetCaller caller = new BudgetCaller(budget, service);
    caller.send(call);
    assertEquals(CallFailure.Kind.OVER_BUDGET, failureOf(caller.send(call)).kind());
    time.advanceMillis(1000);
    caller.send(call);
    assertEquals(2, service.calls());
  }

  @Test
  void aBudgetThatIsNotEnforcedOnlyCountsTheExcess() {
    ServiceBudget budget = new ServiceBudget("svc", new CallBudget(1, false), time);
    BudgetCaller caller = new BudgetCaller(budget, service.thenAnswer(200).thenAnswer(200));
    assertEquals(200, statusOf(caller.send(call)));
    assertEquals(200, statusOf(caller.send(call)));
    assertEquals(2, service.calls());
    assertEquals(1, budget.exceeded());
  }
}
