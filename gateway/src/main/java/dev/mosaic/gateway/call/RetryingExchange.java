package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.resilience.RetryAllowance;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.RetrySettings;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * One call with its retries. A try is repeated only when the service certainly did not handle it
 * well (the connection failed or broke, or it answered 502, 503 or 504: a 500 may have done half
 * the work, a timeout may still be doing it), only while tries are left, only if the jittered
 * backoff ends before the call's time limit, and only if the service's retry budget allows. The
 * next try prefers another instance. The backoff waits on the event loop's timeout wheel. All on
 * one event loop.
 */
final class RetryingExchange implements Exchange {

  /** A try with less time than this left is not started: one tick of the timeout wheel. */
  static final long MIN_TRY_NANOS = dev.mosaic.gateway.time.TimeoutWheel.TICK_MILLIS * 1_000_000;

  private final Outbound call;
  private final RetrySettings retry;
  private final ServiceCaller next;
  private final RetryAllowance budget;
  private final Timeouts timeouts;
  private final LongSupplier nanoClock;
  private final Promise<ServiceResponse> result = Promise.promise();
  private Exchange current;
  private Timeouts.Timeout backoff;
  private int tries;
  private boolean done;

  private RetryingExchange(
      Outbound call,
      ServiceCaller next,
      RetryAllowance budget,
      Timeouts timeouts,
      LongSupplier nanoClock) {
    this.call = call;
    this.retry = call.policy().retry();
    this.next = next;
    this.budget = budget;
    this.timeouts = timeouts;
    this.nanoClock = nanoClock;
  }

  static Exchange start(
      Outbound call,
      ServiceCaller next,
      RetryAllowance budget,
      Timeouts timeouts,
      LongSupplier nanoClock) {
    RetryingExchange exchange = new RetryingExchange(call, next, budget, timeouts, nanoClock);
    exchange.send(call);
    return exchange;
  }

  private void send(Outbound attempt) {
    tries++;
    Exchange sent = next.send(attempt);
    current = sent;
    sent.result().onComplete(ended -> ended(sent, ended));
  }

  private void ended(Exchange sent, AsyncResult<ServiceResponse> ended) {
    if (done) {
      return;
    }
    if (tries < retry.attempts() && worthRetrying(ended)) {
      long delay = backoffNanos();
      if (nanoClock.getAsLong() + delay + MIN_TRY_NANOS <= call.endsAtNanos()
          && budget.tryRetry()) {
        if (ended.succeeded()) {
          ended.result().discard();
        }
        Outbound again = call.avoiding(sent.instance());
        if (call.span() != null) {
          call.span()
              .retry(
                  ended.succeeded()
                      ? Integer.toString(ended.result().status())
                      : CallFailure.classify(ended.cause()).kind().name().toLowerCase(Locale.ROOT));
        }
        current = null;
        backoff =
            timeouts.schedule(
                delay,
                () -> {
                  backoff = null;
                  if (done) {
                    return;
                  }
                  if (call.endsAtNanos() - nanoClock.getAsLong() < MIN_TRY_NANOS) {
                    // the wheel ran late: a try sent now would be cut at once and blamed on the
                    // service
                    done = true;
                    result.handle(ended);
                    return;
                  }
                  send(again);
                });
        return;
      }
    }
    done = true;
    result.handle(ended);
  }

  static boolean worthRetrying(AsyncResult<ServiceResponse> ended) {
    if (ended.succeeded()) {
      int status = ended.result().status();
      return status == 502 || status == 503 || status == 504;
    }
    CallFailure.Kind kind = CallFailure.classify(ended.cause()).kind();
    return kind == CallFailure.Kind.CONNECT || kind == CallFailure.Kind.RESET;
  }

  /** Exponential from {@code backoff}, capped, with "equal jitter": between half and all of it. */
  private long backoffNanos() {
    long base = retry.backoff().toNanos();
    long cap = retry.maxBackoff().toNanos();
    for (int i = 1; i < tries && base < cap; i++) {
      base = base > cap / 2 ? cap : base * 2;
    }
    base = Math.min(base, cap);
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
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
    if (backoff != null) {
      backoff.cancel();
      backoff = null;
    }
    if (current != null) {
      current.cancel(why);
    }
    result.tryFail(why);
  }

  @Override
  public int instance() {
    return current == null ? -1 : current.instance();
  }
}
