package dev.mosaic.gateway.execution;

import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one request's calls as a DAG: every call whose inputs are ready starts at once, and each
 * call starts the moment the last call it reads finishes, so an endpoint takes as long as its
 * slowest chain, not the sum of its calls.
 *
 * <p>A required call's failure decides the answer at once and cancels what is still running; an
 * optional call's failure puts its fallback in its place. Every call gets min(its timeout, the
 * time left before the endpoint's deadline), and the deadline itself ends the request with 504
 * whatever is still running. All on the request's event loop: no locks.
 */
public final class PlanExecution {

  private final Vertx vertx;
  private final EndpointPlan endpoint;
  private final Map<String, Object> context;
  private final ServiceCaller clients;
  private final long deadlineNanos;
  private final Promise<ExecutionResult> result = Promise.promise();
  private final CallExecution[] running;
  private final CallOutcome[] outcomes;
  private final long[] startNanos;
  private final long[] endNanos;
  private final boolean[] usedFallback;
  private final int[] waitingFor;
  private int finished;
  private long deadlineTimer = -1;
  private boolean done;

  public PlanExecution(Vertx vertx, EndpointPlan endpoint, Map<String, Object> context, ServiceCaller clients,
      long deadlineNanos) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.context = context;
    this.clients = clients;
    this.deadlineNanos = deadlineNanos;
    int n = endpoint.calls().size();
    this.running = new CallExecution[n];
    this.outcomes = new CallOutcome[n];
    this.startNanos = new long[n];
    this.endNanos = new long[n];
    this.usedFallback = new boolean[n];
    this.waitingFor = new int[n];
    for (CallPlan call : endpoint.calls()) {
      waitingFor[call.index()] = call.dependsOn().size();
    }
  }

  public Future<ExecutionResult> run() {
    // Render every call that reads only the client's input before sending anything, so a bad
    // input is a 400 that reaches no service.
    List<CallPlan> roots = new ArrayList<>();
    List<CallRequests.Prepared> prepared = new ArrayList<>();
    for (CallPlan call : endpoint.calls()) {
      if (!call.dependsOn().isEmpty()) {
        continue;
      }
      try {
        prepared.add(CallRequests.prepare(call, context, timeoutFor(call)));
        roots.add(call);
      } catch (RequestInputException e) {
        if (e.reason() == Reason.BAD_INPUT) {
          finish(new ExecutionResult.Failure(400, Reason.BAD_INPUT, call.name(), e.getMessage()));
          return result.future();
        }
        prepared.add(null);
        roots.add(call);
      }
    }
    long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    deadlineTimer = vertx.setTimer(remainingMillis, id -> {
      deadlineTimer = -1;
      finish(new ExecutionResult.Failure(504, Reason.DEADLINE, null,
          "the endpoint's deadline of " + endpoint.deadline().toMillis() + "ms passed"));
    });
    for (int i = 0; i < roots.size() && !done; i++) {
      CallPlan call = roots.get(i);
      if (prepared.get(i) == null) {
        start(call); // renders again and records the template failure as this call's outcome
      } else {
        launch(call, prepared.get(i));
      }
    }
    return result.future();
  }

  private long timeoutFor(CallPlan call) {
    long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    return Math.min(call.timeout().toMillis(), left);
  }

  private void start(CallPlan call) {
    CallRequests.Prepared prepared;
    try {
      prepared = CallRequests.prepare(call, context, timeoutFor(call));
    } catch (RequestInputException e) {
      startNanos[call.index()] = System.nanoTime();
      if (e.reason() == Reason.BAD_INPUT) {
        finish(new ExecutionResult.Failure(400, Reason.BAD_INPUT, call.name(), e.getMessage()));
        return;
      }
      completed(call, new CallOutcome.Failed(e.reason(), 0, e.getMessage()));
      return;
    }
    launch(call, prepared);
  }

  private void launch(CallPlan call, CallRequests.Prepared prepared) {
    startNanos[call.index()] = System.nanoTime();
    CallExecution execution = CallExecution.start(call, prepared, clients);
    running[call.index()] = execution;
    execution.outcome().onComplete(done -> completed(call, done.result()));
  }

  private void completed(CallPlan call, CallOutcome outcome) {
    if (done) {
      return;
    }
    int i = call.index();
    running[i] = null;
    endNanos[i] = System.nanoTime();
    outcomes[i] = outcome;
    if (outcome instanceof CallOutcome.Ok ok) {
      context.put(call.name(), ok.value());
    } else if (call.optional()) {
      usedFallback[i] = true;
      context.put(call.name(), call.fallback());
    } else {
      CallOutcome.Failed failed = (CallOutcome.Failed) outcome;
      finish(new ExecutionResult.Failure(failed.reason().answerStatus(failed.status()), failed.reason(),
          call.name(), "required call '" + call.name() + "' failed: " + failed.detail()));
      return;
    }
    finished++;
    for (int dependent : call.dependents()) {
      if (--waitingFor[dependent] == 0 && !done) {
        start(endpoint.calls().get(dependent));
      }
    }
    if (finished == outcomes.length) {
      finish(null);
    }
  }

  private void finish(ExecutionResult.Failure failure) {
    if (done) {
      return;
    }
    done = true;
    if (deadlineTimer >= 0) {
      vertx.cancelTimer(deadlineTimer);
    }
    try {
      result.complete(summarize(failure));
    } catch (RuntimeException unexpected) {
      result.tryFail(unexpected); // the handler answers 500 rather than leaving the client waiting
    }
  }

  private ExecutionResult summarize(ExecutionResult.Failure failure) {
    long now = System.nanoTime();
    List<CallRecord> records = new ArrayList<>(outcomes.length);
    List<String> degraded = new ArrayList<>();
    for (CallPlan call : endpoint.calls()) {
      int i = call.index();
      if (running[i] != null) {
        running[i].cancel(failure == null ? "finished" : "the answer was already decided: " + failure.reason().label());
        outcomes[i] = new CallOutcome.Failed(failure != null && failure.reason() == Reason.DEADLINE
            ? Reason.DEADLINE : Reason.CANCELLED, 0, "still running when the answer was decided");
        endNanos[i] = now;
      }
      records.add(new CallRecord(call, outcomes[i], startNanos[i], endNanos[i], usedFallback[i]));
      if (usedFallback[i]) {
        degraded.add(call.name());
      }
    }
    return new ExecutionResult(context, records, degraded, failure);
  }
}
