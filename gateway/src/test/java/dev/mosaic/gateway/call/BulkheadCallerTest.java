package dev.mosaic.gateway.call;

import static dev.mosaic.gateway.call.Outbounds.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.resilience.Bulkhead;
import dev.mosaic.gateway.resilience.TestGuards;
import dev.mosaic.rules.plan.CallResilience;
import org.junit.jupiter.api.Test;

/**
 * The bulkhead layer: a full bulkhead turns a call away before the next layer, and a slot comes
 * back however the call ended. Shared by two layers, as by two event loops.
 */
class BulkheadCallerTest {

  private final Bulkhead bulkhead = TestGuards.bulkhead(2);
  private final ScriptedCaller service = new ScriptedCaller();
  private final ExplosiveCaller explosive = new ExplosiveCaller();
  private final BulkheadCaller caller = new BulkheadCaller(bulkhead, service);
  private final BulkheadCaller full = new BulkheadCaller(bulkhead, explosive);
  private final Outbound call =
      Outbounds.call(Outbounds.service("svc", 1), CallResilience.NONE, Long.MAX_VALUE);

  @Test
  void aFullBulkheadTurnsTheCallAwayWithoutReachingTheNextLayer() {
    caller.send(call);
    caller.send(call);
    CallFailure failure = failureOf(full.send(call));
    assertEquals(Kind.BULKHEAD_FULL, failure.kind());
    assertEquals(0, explosive.calls());
    assertEquals(2, bulkhead.inFlight(), "the turned-away call took no slot");
  }

  @Test
  void anAnswerAFailureAndACancelEachGiveTheirSlotBack() {
    caller.send(call);
    Exchange second = caller.send(call);
    service.sent(0).answer(200);
    assertEquals(1, bulkhead.inFlight());
    second.cancel(new CallFailure(Kind.CANCELLED, "a hedge answered first"));
    assertEquals(0, bulkhead.inFlight(), "a cancelled hedge loser must not keep its slot");
    caller.send(call);
    caller.send(call);
    service.last().fail(Kind.RESET);
    assertEquals(1, bulkhead.inFlight());
    caller.send(call);
    assertEquals(Kind.BULKHEAD_FULL, failureOf(full.send(call)).kind());
  }

  @Test
  void aSendThatThrowsGivesItsSlotBack() {
    BulkheadCaller throwing =
        new BulkheadCaller(
            bulkhead,
            c -> {
              throw new IllegalStateException("no such service");
            });
    for (int i = 0; i < 3; i++) {
      try {
        throwing.send(call);
      } catch (IllegalStateException expected) {
        // the caller above decides what a throw means
      }
    }
    assertEquals(0, bulkhead.inFlight());
  }
}
