package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.execution.CallRequests;
import dev.mosaic.gateway.execution.RequestInputException;
import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.SagaPlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a failed saga's compensations one after another, in the order given (reverse completion).
 * Each is retried with doubling backoff while its service fails (5xx, 429, no answer) until its
 * attempts run out; a 2xx is done, and so is a 404 (nothing there to undo); another 4xx is a
 * refusal no retry changes. One failing does not stop the next: each step's undo stands alone.
 *
 * <p>Each is logged as sent before its first attempt and as ended before the next one starts, so a
 * process that takes the saga over knows which are still to do. A log that cannot be written does
 * not stop them (leaving the services half-written is worse than an unlogged undo, which its
 * idempotency key makes safe to repeat); a log that says another instance owns the saga does: the
 * result fails with {@link LeaseLost}.
 */
final class Compensations {

  private final Timeouts timeouts;
  private final SagaPlan saga;
  private final Map<String, Object> context;
  private final ServiceCaller clients;
  private final String sagaId;
  private final String origin;
  private final SagaStore store;
  private final List<CompensationRecord> records = new ArrayList<>();
  private final Promise<List<CompensationRecord>> done = Promise.promise();

  Compensations(
      Timeouts timeouts,
      SagaPlan saga,
      Map<String, Object> context,
      ServiceCaller clients,
      String sagaId,
      String origin,
      SagaStore store) {
    this.timeouts = timeouts;
    this.saga = saga;
    this.context = context;
    this.clients = clients;
    this.sagaId = sagaId;
    this.origin = origin;
    this.store = store;
  }

  Future<List<CompensationRecord>> run(List<CallPlan> steps) {
    next(steps, 0);
    return done.future();
  }

  private void next(List<CallPlan> steps, int k) {
    if (k == steps.size()) {
      done.complete(List.copyOf(records));
      return;
    }
    CallPlan step = steps.get(k);
    ServiceRequest request;
    try {
      request = CallRequests.compensation(saga.of(step.index()), step.service(), context);
    } catch (RequestInputException e) {
      logEnded(steps, k, new CompensationRecord(step.name(), "failed", 0, 0, e.getMessage()));
      return;
    }
    request.headers().set(SagaIds.IDEMPOTENCY_KEY, SagaIds.forCompensation(sagaId, step.name()));
    store
        .append(sagaId, SagaEvent.undoSent(step.name()), timeouts)
        .onComplete(
            logged -> {
              if (logged.failed()) {
                done.fail(logged.cause());
                return;
              }
              long started = System.nanoTime();
              attempt(step, request, 1)
                  .onComplete(
                      ended ->
                          logEnded(steps, k, ended.result().took(System.nanoTime() - started)));
            });
  }

  private void logEnded(List<CallPlan> steps, int k, CompensationRecord record) {
    records.add(record);
    store
        .append(sagaId, SagaEvent.undoEnded(record), timeouts)
        .onComplete(
            logged -> {
              if (logged.failed()) {
                done.fail(logged.cause());
                return;
              }
              next(steps, k + 1);
            });
  }

  private Future<CompensationRecord> attempt(CallPlan step, ServiceRequest request, int attempt) {
    Promise<CompensationRecord> outcome = Promise.promise();
    long timeout = step.timeout().toNanos();
    Exchange exchange =
        clients.send(
            new Outbound(
                step.service(),
                CallResilience.NONE,
                copy(request),
                System.nanoTime() + timeout,
                false,
                -1,
                origin));
    Timeouts.Timeout limit =
        timeouts.schedule(
            timeout,
            () ->
                exchange.cancel(
                    new CallFailure(
                        CallFailure.Kind.TIMEOUT,
                        step.service().name() + ": no answer to the compensation in time")));
    exchange
        .result()
        .onComplete(
            answered -> {
              limit.cancel();
              int status = answered.succeeded() ? answered.result().status() : 0;
              if ((status >= 200 && status < 300) || status == 404) {
                outcome.complete(
                    new CompensationRecord(step.name(), "done", attempt, status, null));
                return;
              }
              String why =
                  answered.succeeded()
                      ? step.service().name() + " answered " + status
                      : answered.cause().getMessage();
              boolean retriable = status == 0 || status >= 500 || status == 429;
              if (!retriable || attempt >= saga.attempts()) {
                outcome.complete(
                    new CompensationRecord(step.name(), "failed", attempt, status, why));
                return;
              }
              timeouts.schedule(
                  backoffNanos(attempt),
                  () -> attempt(step, request, attempt + 1).onComplete(outcome));
            });
    return outcome.future();
  }

  /** Before attempt n + 1: backoff × 2^(n − 1), at most maxBackoff. */
  private long backoffNanos(int attempt) {
    long backoff = saga.backoff().toNanos() << Math.min(20, attempt - 1);
    return Math.min(backoff, saga.maxBackoff().toNanos());
  }

  /** A request of its own per attempt: a body buffer is consumed when sent. */
  private static ServiceRequest copy(ServiceRequest request) {
    return new ServiceRequest(
        request.method(),
        request.uri(),
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
        request.body() == null ? null : request.body().copy());
  }
}
