package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.resilience.RetryAllowance;
import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.LongSupplier;

/**
 * One try and, if it has not answered after the hedge delay and the retry budget allows, one
 * duplicate sent to another instance ("The Tail at Scale"). The first answer wins and the other is
 * cancelled, which resets its stream and frees its connection and slots. A failure or a 5xx does
 * not win while the other is still running: the other may yet answer well. All on one event loop.
 */
final class HedgedExchange implements Exchange {

  // one shared instance: the loser's failure is never thrown or logged, only read for its kind
  @SuppressWarnings("StaticAssignmentOfThrowable")
  private static final CallFailure LOST =
      new CallFailure(CallFailure.Kind.CANCELLED, "a hedged duplicate answered first");

  private final Outbound call;
  private final ServiceCaller next;
  private final RetryAllowance budget;
  private final LongSupplier nanoClock;
  private final Promise<ServiceResponse> result = Promise.promise();
  private Exchange primary;
  private Exchange hedge;
  private Exchange winner;
  private Timeouts.Timeout timer;
  private boolean done;

  private HedgedExchange(
      Outbound call, ServiceCaller next, RetryAllowance budget, LongSupplier nanoClock) {
    this.call = call;
    this.next = next;
    this.budget = budget;
    this.nanoClock = nanoClock;
  }

  static Exchange start(
      Outbound call,
      long delayNanos,
      ServiceCaller next,
      RetryAllowance budget,
      Timeouts timeouts,
      LongSupplier nanoClock) {
    HedgedExchange exchange = new HedgedExchange(call, next, budget, nanoClock);
    Exchange primary = next.send(call);
    exchange.primary = primary;
    primary.result().onComplete(ended -> exchange.ended(primary, ended));
    if (!exchange.done) {
      exchange.timer = timeouts.schedule(delayNanos, exchange::sendHedge);
    }
    return exchange;
  }

  private void sendHedge() {
    timer = null;
    if (done
        || call.endsAtNanos() - nanoClock.getAsLong() < RetryingExchange.MIN_TRY_NANOS
        || !budget.tryHedge()) {
      return;
    }
    if (call.span() != null) {
      call.span().hedge();
    }
    Exchange duplicate = next.send(call.avoiding(primary.instance()));
    hedge = duplicate;
    duplicate.result().onComplete(ended -> ended(duplicate, ended));
  }

  private void ended(Exchange which, AsyncResult<ServiceResponse> ended) {
    if (done) {
      if (ended.succeeded()) {
        ended.result().discard(); // a streamed head that lost the race by a hair
      }
      return;
    }
    Exchange other = which == primary ? hedge : primary;
    boolean good = ended.succeeded() && ended.result().status() < 500;
    if (!good && other != null && !other.result().isComplete()) {
      if (ended.succeeded()) {
        ended.result().discard();
      }
      return; // the other may still answer well
    }
    done = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    if (other != null) {
      other.cancel(LOST);
    }
    winner = which;
    result.handle(ended);
  }

  @Override
  public Future<ServiceResponse> result() {
    return result.future();
  }

  @Override
  public void cancel(CallFailure why) {
    if (done) {
      return;
    }
    done = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    primary.cancel(why);
    if (hedge != null) {
      hedge.cancel(why);
    }
    result.tryFail(why);
  }

  /** The instance whose answer was handed up, so a retry avoids the one that actually failed. */
  @Override
  public int instance() {
    return winner != null ? winner.instance() : primary.instance();
  }

  /** Whether {@code failure} is how this class cancels a hedge race's loser. */
  static boolean lostTheRace(Throwable failure) {
    return failure == LOST;
  }
}
