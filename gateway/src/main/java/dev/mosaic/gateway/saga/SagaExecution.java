package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.execution.CallExecution;
import dev.mosaic.gateway.execution.CallOutcome;
import dev.mosaic.gateway.execution.CallRecord;
import dev.mosaic.gateway.execution.CallRequests;
import dev.mosaic.gateway.execution.ExecutionResult;
import dev.mosaic.gateway.execution.Reason;
import dev.mosaic.gateway.execution.RequestInputException;
import dev.mosaic.gateway.http.CallHeaders;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.SagaPlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a write endpoint's calls as the steps of a saga. Steps follow the same DAG as reads
 * (independent steps run at once); each carries an {@code Idempotency-Key} made of the saga id and
 * its name. When a step fails, no further step starts; the steps still out are let finish (or time
 * out), then every step that completed, or may have (it timed out), is compensated in reverse
 * completion order, one compensation at a time ({@link Compensations}).
 *
 * <p>Every action is logged first ({@link SagaEvent}): the header before the first step, a step as
 * sent before it is sent, as done (with its answer) before anything after it starts. When the log
 * cannot be written, or says another instance took the saga over ({@link LeaseLost}), this process
 * stops acting on the saga at once: nothing happens that the log does not hold, and whoever owns
 * the saga next finishes it from there.
 *
 * <p>Unlike a read, a failed step does not cancel the others: a write cut off mid-way is exactly
 * the "maybe done" that must be compensated, so each step runs to its answer or its own timeout.
 * All on the request's event loop: no locks.
 */
public final class SagaExecution {

  private static final Logger LOG = LoggerFactory.getLogger(SagaExecution.class);

  private enum State {
    WAITING,
    RUNNING,
    DONE,
    FAILED,
    /** No answer said it failed (a timeout, say): the service may have done it; compensated too. */
    MAYBE_DONE
  }

  private final Timeouts timeouts;
  private final EndpointPlan endpoint;
  private final SagaPlan saga;
  private final Map<String, Object> context;
  private final ServiceCaller clients;
  private final CallHeaders callHeaders;
  private final SagaStore store;
  private final String caller;
  private final String clientKey;
  private final String sagaId;
  private final Promise<SagaResult> result = Promise.promise();
  private final Promise<Void> opened = Promise.promise();
  private final State[] states;
  private final CallOutcome[] outcomes;
  private final long[] startNanos;
  private final long[] endNanos;
  private final int[] waitingFor;
  private final List<Integer> completionOrder = new ArrayList<>();
  private int running;
  private int failed = -1;
  private boolean abandoned;

  /**
   * @param sagaId a new id ({@link SagaIds#next()})
   * @param caller the caller's {@code sub} on an endpoint with {@code auth:}, else null
   * @param clientKey the client's Idempotency-Key entry, else null
   */
  public SagaExecution(
      String sagaId,
      Timeouts timeouts,
      EndpointPlan endpoint,
      Map<String, Object> context,
      ServiceCaller clients,
      CallHeaders callHeaders,
      SagaStore store,
      String caller,
      String clientKey) {
    this.sagaId = sagaId;
    this.timeouts = timeouts;
    this.endpoint = endpoint;
    this.saga = endpoint.saga();
    this.context = context;
    this.clients = clients;
    this.callHeaders = callHeaders;
    this.store = store;
    this.caller = caller;
    this.clientKey = clientKey;
    int n = endpoint.calls().size();
    this.states = new State[n];
    this.outcomes = new CallOutcome[n];
    this.startNanos = new long[n];
    this.endNanos = new long[n];
    this.waitingFor = new int[n];
    for (CallPlan step : endpoint.calls()) {
      states[step.index()] = State.WAITING;
      waitingFor[step.index()] = step.dependsOn().size();
    }
  }

  public String sagaId() {
    return sagaId;
  }

  /**
   * Completes once the saga's header is logged, before its first step: from then on it exists for
   * {@code GET /sagas/{id}}. Fails when it was never logged (refused input, log unavailable).
   */
  public Future<Void> opened() {
    return opened.future();
  }

  /**
   * Fails with {@link SagaLogUnavailable} when the saga could not be logged (nothing was sent), or
   * {@link LeaseLost} when another instance took it over.
   */
  public Future<SagaResult> run() {
    // a bad client input in any step is a 400 before the first write: nothing to log or undo
    for (CallPlan step : endpoint.calls()) {
      try {
        CallRequests.checkClientInput(step, context);
      } catch (RequestInputException e) {
        opened.fail("refused before anything was logged");
        result.complete(
            new SagaResult(
                sagaId,
                null,
                step.name(),
                Reason.BAD_INPUT,
                0,
                e.getMessage(),
                steps(),
                List.of()));
        return result.future();
      }
    }
    store
        .open(
            new SagaHeader(sagaId, endpoint.route(), caller, new HashMap<>(context), clientKey),
            timeouts)
        .onComplete(
            logged -> {
              if (logged.failed()) {
                SagaLogUnavailable unavailable = new SagaLogUnavailable(logged.cause());
                opened.fail(unavailable);
                result.fail(unavailable);
                return;
              }
              opened.complete();
              for (CallPlan step : endpoint.calls()) {
                // a step that failed at once stops the rest
                if (step.dependsOn().isEmpty() && failed < 0 && !abandoned) {
                  start(step);
                }
              }
            });
    return result.future();
  }

  private void start(CallPlan step) {
    int i = step.index();
    states[i] = State.RUNNING;
    running++;
    CallRequests.Prepared prepared;
    try {
      prepared = CallRequests.prepare(step, context);
    } catch (RequestInputException e) {
      startNanos[i] = System.nanoTime();
      ended(step, new CallOutcome.Failed(e.reason(), 0, e.getMessage()));
      return;
    }
    store
        .append(sagaId, SagaEvent.sent(step.name()), timeouts)
        .onComplete(
            logged -> {
              if (abandoned) {
                return; // stopped meanwhile: nothing more is sent
              }
              startNanos[i] = System.nanoTime();
              if (logged.failed()) {
                stop(logged.cause()); // not logged as sent: not sent
                return;
              }
              send(step, prepared);
            });
  }

  private void send(CallPlan step, CallRequests.Prepared prepared) {
    int i = step.index();
    for (ServiceRequest request : prepared.requests()) {
      callHeaders.addTo(request.headers());
      request.headers().set(SagaIds.IDEMPOTENCY_KEY, SagaIds.forStep(sagaId, step.name()));
    }
    long timeout = step.timeout().toNanos();
    CallExecution execution =
        CallExecution.start(
            step, prepared, clients, startNanos[i] + timeout, List.of(), endpoint.route());
    Timeouts.Timeout limit =
        timeouts.schedule(timeout, () -> execution.expire(Reason.TIMEOUT, timeout / 1_000_000));
    execution
        .outcome()
        .onComplete(
            outcome -> {
              limit.cancel();
              ended(step, outcome.result());
            });
  }

  private void ended(CallPlan step, CallOutcome outcome) {
    if (abandoned) {
      return;
    }
    int i = step.index();
    endNanos[i] = System.nanoTime();
    outcomes[i] = outcome;
    SagaEvent event;
    if (outcome instanceof CallOutcome.Ok ok) {
      states[i] = State.DONE;
      completionOrder.add(i);
      context.put(step.name(), ok.value());
      event = SagaEvent.done(step.name(), ok.value(), ok.status());
    } else {
      CallOutcome.Failed failure = (CallOutcome.Failed) outcome;
      boolean maybe = MaybeDone.after(failure.reason());
      states[i] = maybe ? State.MAYBE_DONE : State.FAILED;
      if (maybe) {
        completionOrder.add(i);
      }
      if (failed < 0) {
        failed = i;
      }
      event =
          SagaEvent.failed(
              step.name(), failure.reason().label(), failure.status(), failure.detail());
    }
    // what follows this step starts only once the log holds its answer
    store
        .append(sagaId, event, timeouts)
        .onComplete(
            logged -> {
              if (abandoned) {
                return;
              }
              if (logged.failed()) {
                stop(logged.cause()); // a crash now would forget it: whoever takes over knows
                return;
              }
              running--;
              proceed(step);
            });
  }

  private void proceed(CallPlan step) {
    if (failed < 0) {
      for (int dependent : step.dependents()) {
        if (--waitingFor[dependent] == 0) {
          start(endpoint.calls().get(dependent));
        }
      }
      if (completionOrder.size() == states.length && running == 0) {
        result.tryComplete(succeeded());
      }
      return;
    }
    if (running == 0) {
      compensate();
    }
  }

  /**
   * Stops acting on the saga: another instance owns it now ({@link LeaseLost}), or the log cannot
   * be written ({@link SagaSuspended}: then the lease is let lapse, and whoever reaches the log
   * first finishes the saga from what it holds).
   */
  private void stop(Throwable cause) {
    if (abandoned) {
      return;
    }
    abandoned = true;
    store.lost(sagaId);
    if (!(cause instanceof LeaseLost)) {
      LOG.warn(
          "{}: saga {} stopped: its log could not be written ({}); it is finished from the log"
              + " once its lease lapses",
          endpoint.route(),
          sagaId,
          cause.toString());
    }
    result.tryFail(cause instanceof LeaseLost ? cause : new SagaSuspended(sagaId, cause));
  }

  private SagaResult succeeded() {
    List<CallRecord> records = new ArrayList<>(states.length);
    for (CallPlan step : endpoint.calls()) {
      int i = step.index();
      records.add(new CallRecord(step, outcomes[i], startNanos[i], endNanos[i], false));
    }
    return new SagaResult(
        sagaId,
        new ExecutionResult(context, records, List.of(), null),
        null,
        null,
        0,
        null,
        steps(),
        List.of());
  }

  /** Undoes what was done, last done first, then answers with what each compensation did. */
  private void compensate() {
    List<CallPlan> toUndo = new ArrayList<>();
    for (int k = completionOrder.size() - 1; k >= 0; k--) {
      int i = completionOrder.get(k);
      if (saga.of(i) != null) {
        toUndo.add(endpoint.calls().get(i));
      }
    }
    CallOutcome.Failed failure = (CallOutcome.Failed) outcomes[failed];
    new Compensations(timeouts, saga, context, clients, sagaId, endpoint.route(), store)
        .run(toUndo)
        .onComplete(
            done -> {
              if (done.failed()) {
                stop(done.cause());
                return;
              }
              result.tryComplete(
                  new SagaResult(
                      sagaId,
                      null,
                      endpoint.calls().get(failed).name(),
                      failure.reason(),
                      failure.status(),
                      failure.detail(),
                      steps(),
                      done.result()));
            });
  }

  private List<StepRecord> steps() {
    List<StepRecord> steps = new ArrayList<>(states.length);
    for (CallPlan step : endpoint.calls()) {
      int i = step.index();
      String outcome;
      int status = 0;
      if (outcomes[i] instanceof CallOutcome.Ok ok) {
        outcome = "ok";
        status = ok.status();
      } else if (outcomes[i] instanceof CallOutcome.Failed failure) {
        outcome = failure.reason().label();
        status = failure.status();
      } else {
        outcome = "not-started";
      }
      steps.add(new StepRecord(step.name(), step.service().name(), outcome, status));
    }
    return steps;
  }
}
