package dev.mosaic.gateway.execution;

import dev.mosaic.gateway.http.CallHeaders;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.gateway.tracing.CallSpan;
import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs one request's calls as a DAG: every call whose inputs are ready starts at once, and each
 * call starts the moment the last call it reads finishes, so an endpoint takes as long as its
 * slowest chain, not the sum of its calls.
 *
 * <p>A required call's failure decides the answer at once and cancels what is still running; an
 * optional call's failure puts its fallback in its place.
 *
 * <p>Time: each call must end by min(start + its timeout, deadline − margin). The margin leaves
 * room for fallbacks and shaping, so an optional call that runs out of time degrades the answer
 * instead of turning it into a 504. One timer per request serves the deadline and every call's
 * limit (re-armed for the next one due), instead of a timer per outbound request: at fan-out 16 the
 * timer heap was a visible share of the gateway's CPU. The deadline itself ends the request with
 * 504 when a required call is still running; optional ones are cut and take their fallbacks, even
 * when a busy loop runs the timer late. All on the request's event loop: no locks.
 *
 * <p>A call with {@code when} is decided as it is about to start: false skips it (nothing is sent)
 * and its fallback stands in, as an answer the rules asked for rather than a degradation. A
 * condition over the request alone is decided before anything is sent, so a skipped call's client
 * input is never checked: it is never used.
 */
public final class PlanExecution {

  /** At most this much of the deadline is kept back for fallbacks and shaping. */
  static final long MAX_MARGIN_NANOS = 20_000_000;

  private final Timeouts timeouts;
  private final EndpointPlan endpoint;
  private final Map<String, Object> context;
  private final ServiceCaller clients;
  private final long deadlineNanos;
  private final long callsEndBy;
  private final Promise<ExecutionResult> result = Promise.promise();
  private final CallExecution[] running;
  private final CallOutcome[] outcomes;
  private final long[] startNanos;
  private final long[] endNanos;
  private final long[] expiresAt;
  private final boolean[] usedFallback;
  private final boolean[] skipped;

  /** Per call: its {@code when} not decided yet (or none), decided to make it, or to skip it. */
  private final byte[] condition;

  /**
   * The calls that read no other call, rendered in {@link #run} before any is sent: rendering
   * checks all of their client input, so it is not checked a second time.
   */
  private final CallRequests.Prepared[] rendered;

  private static final byte UNDECIDED = 0;
  private static final byte MAKE = 1;
  private static final byte SKIP = 2;

  private final int[] waitingFor;
  private int finished;
  private Timeouts.Timeout timer;
  private long timerAt;
  private boolean done;
  private final CallHeaders callHeaders;
  private final LongSupplier nanoClock;

  /** Each call's exported span until it ends; null while none is exported (the usual case). */
  private CallSpan[] spans;

  public PlanExecution(
      Timeouts timeouts,
      EndpointPlan endpoint,
      Map<String, Object> context,
      ServiceCaller clients,
      long deadlineNanos) {
    this(timeouts, endpoint, context, clients, deadlineNanos, CallHeaders.NONE);
  }

  /**
   * @param callHeaders what the gateway adds to every call: trace context, X-Forwarded-For
   */
  public PlanExecution(
      Timeouts timeouts,
      EndpointPlan endpoint,
      Map<String, Object> context,
      ServiceCaller clients,
      long deadlineNanos,
      CallHeaders callHeaders) {
    this(timeouts, endpoint, context, clients, deadlineNanos, callHeaders, System::nanoTime);
  }

  /**
   * @param nanoClock the scale of {@code deadlineNanos}; tests move it by hand with {@code
   *     timeouts}
   */
  PlanExecution(
      Timeouts timeouts,
      EndpointPlan endpoint,
      Map<String, Object> context,
      ServiceCaller clients,
      long deadlineNanos,
      CallHeaders callHeaders,
      LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.callHeaders = callHeaders;
    this.timeouts = timeouts;
    this.endpoint = endpoint;
    this.context = context;
    this.clients = clients;
    this.deadlineNanos = deadlineNanos;
    this.callsEndBy =
        deadlineNanos - Math.min(MAX_MARGIN_NANOS, endpoint.deadline().toNanos() / 20);
    int n = endpoint.calls().size();
    this.running = new CallExecution[n];
    this.outcomes = new CallOutcome[n];
    this.startNanos = new long[n];
    this.endNanos = new long[n];
    this.expiresAt = new long[n];
    this.usedFallback = new boolean[n];
    this.skipped = new boolean[n];
    this.condition = new byte[n];
    this.rendered = new CallRequests.Prepared[n];
    this.waitingFor = new int[n];
    for (CallPlan call : endpoint.calls()) {
      waitingFor[call.index()] = call.dependsOn().size();
    }
  }

  public Future<ExecutionResult> run() {
    // Check every value taken from the client's input, in every call, before sending anything:
    // a bad input is a 400 that reaches no service.
    for (CallPlan call : endpoint.calls()) {
      try {
        if (call.when() != null) {
          if (!CallRequests.readsOnlyClientInput(call.when())) {
            continue; // decided when it starts, and its input checked then if it is made
          }
          condition[call.index()] = decide(call) ? MAKE : SKIP;
          if (condition[call.index()] == SKIP) {
            continue;
          }
        }
        if (call.dependsOn().isEmpty()) {
          rendered[call.index()] = renderFirst(call);
        } else {
          CallRequests.checkClientInput(call, context);
        }
      } catch (RequestInputException e) {
        finish(new ExecutionResult.Failure(400, Reason.BAD_INPUT, call.name(), e.getMessage()));
        return result.future();
      }
    }
    schedule(deadlineNanos);
    for (CallPlan call : endpoint.calls()) {
      if (call.dependsOn().isEmpty() && !done) {
        start(call);
      }
    }
    return result.future();
  }

  /**
   * Renders a call that reads no other call, so reads nothing but the request: whatever fails in it
   * is the request's input not fitting it, a 400 before anything is sent.
   */
  private CallRequests.Prepared renderFirst(CallPlan call) throws RequestInputException {
    try {
      return CallRequests.prepare(call, context);
    } catch (RequestInputException e) {
      if (e.reason() == Reason.BAD_INPUT) {
        throw e;
      }
      throw new RequestInputException(
          Reason.BAD_INPUT, "the request's input does not fit " + e.getMessage());
    }
  }

  /** A condition over the request alone: one the request's input does not fit is a 400. */
  private boolean decide(CallPlan call) throws RequestInputException {
    try {
      return call.when().test(context);
    } catch (EvaluationException e) {
      throw new RequestInputException(
          Reason.BAD_INPUT, "the request's input does not fit when: " + e.getMessage());
    }
  }

  /** The client went away: stop every call; nobody will read the answer. */
  public void cancel() {
    finish(
        new ExecutionResult.Failure(
            499, Reason.CANCELLED, null, "the client closed the connection"));
  }

  private void start(CallPlan call) {
    int i = call.index();
    startNanos[i] = nanoClock.getAsLong();
    if (call.when() != null && !made(call)) {
      return; // skipped, or its condition failed: completed either way
    }
    CallRequests.Prepared prepared = rendered[i];
    try {
      if (prepared == null) {
        prepared = CallRequests.prepare(call, context);
      }
    } catch (RequestInputException e) {
      if (e.reason() == Reason.BAD_INPUT) {
        finish(new ExecutionResult.Failure(400, Reason.BAD_INPUT, call.name(), e.getMessage()));
        return;
      }
      completed(call, new CallOutcome.Failed(e.reason(), 0, e.getMessage()));
      return;
    }
    CallSpan span = callHeaders.exported() ? startSpan(call, prepared) : null;
    for (ServiceRequest request : prepared.requests()) {
      callHeaders.addTo(request.headers(), span);
    }
    expiresAt[i] = Math.min(startNanos[i] + call.timeout().toNanos(), callsEndBy);
    CallExecution execution =
        CallExecution.start(
            call,
            prepared,
            clients,
            expiresAt[i],
            CallRequests.tags(call, context),
            endpoint.route(),
            span);
    if (!execution.outcome().isComplete()) {
      running[i] = execution;
      schedule(expiresAt[i]);
    }
    execution.outcome().onComplete(outcome -> completed(call, outcome.result()));
  }

  private CallSpan startSpan(CallPlan call, CallRequests.Prepared prepared) {
    if (prepared.requests().isEmpty()) {
      return null; // a forEach over nothing sends nothing
    }
    ServiceRequest first = prepared.requests().get(0);
    CallSpan span =
        callHeaders.startCall(
            call.name(), call.service().name(), first.method(), call.url().source(), first.uri());
    if (span != null) {
      if (spans == null) {
        spans = new CallSpan[outcomes.length];
      }
      spans[call.index()] = span;
    }
    return span;
  }

  private void endSpan(int i, CallOutcome outcome) {
    if (spans == null || spans[i] == null) {
      return;
    }
    CallSpan span = spans[i];
    spans[i] = null;
    if (outcome == null) { // still out when the answer was decided (or its summary failed)
      span.end(0, "cancelled");
    } else if (outcome instanceof CallOutcome.Ok ok) {
      span.end(ok.status(), null);
    } else {
      CallOutcome.Failed failed = (CallOutcome.Failed) outcome;
      span.end(failed.status(), failed.reason().label());
    }
  }

  /**
   * Decides a call's {@code when} if the request alone could not. A skipped call completes with its
   * fallback; a condition that fails over the calls' answers fails the call like any template.
   *
   * @return whether to make the call
   */
  private boolean made(CallPlan call) {
    int i = call.index();
    if (condition[i] == UNDECIDED) {
      try {
        condition[i] = call.when().test(context) ? MAKE : SKIP;
      } catch (EvaluationException e) {
        completed(call, new CallOutcome.Failed(Reason.EVALUATION, 0, "when: " + e.getMessage()));
        return false;
      }
    }
    if (condition[i] == SKIP) {
      skipped[i] = true;
      completed(call, new CallOutcome.Ok(0, call.fallback()));
      return false;
    }
    return true;
  }

  private void completed(CallPlan call, CallOutcome outcome) {
    if (done) {
      return;
    }
    int i = call.index();
    running[i] = null;
    endSpan(i, outcome);
    // a skipped call took no time on the wire, whatever deciding it took
    endNanos[i] = skipped[i] ? startNanos[i] : nanoClock.getAsLong();
    outcomes[i] = outcome;
    if (outcome instanceof CallOutcome.Ok ok) {
      context.put(call.name(), ok.value());
    } else if (call.optional()) {
      usedFallback[i] = true;
      context.put(call.name(), call.fallback());
    } else {
      CallOutcome.Failed failed = (CallOutcome.Failed) outcome;
      finish(
          new ExecutionResult.Failure(
              failed.reason().answerStatus(failed.status()),
              failed.reason(),
              call.name(),
              "required call '" + call.name() + "' failed: " + failed.detail(),
              failed.retryAfterMillis()));
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

  /** Arms the request's one timer for {@code at}, unless it is already due to fire earlier. */
  private void schedule(long at) {
    if (done || (timer != null && timerAt <= at)) {
      return;
    }
    if (timer != null) {
      timer.cancel();
    }
    timerAt = at;
    timer =
        timeouts.schedule(
            at - nanoClock.getAsLong(),
            () -> {
              timer = null;
              expire();
            });
  }

  /** Ends whatever is due: the request at its deadline, or the calls whose time is up. */
  private void expire() {
    if (done) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (now >= deadlineNanos && requiredCallRunning()) {
      finish(
          new ExecutionResult.Failure(
              504,
              Reason.DEADLINE,
              null,
              "the endpoint's deadline of " + endpoint.deadline().toMillis() + "ms passed"));
      return;
    }
    long next = deadlineNanos;
    for (CallPlan call : endpoint.calls()) {
      int i = call.index();
      if (done) {
        return;
      }
      if (running[i] == null) {
        continue;
      }
      if (expiresAt[i] <= now) {
        Reason why = expiresAt[i] == callsEndBy ? Reason.DEADLINE : Reason.TIMEOUT;
        running[i].expire(
            why, (expiresAt[i] - startNanos[i]) / 1_000_000); // completes it: fallback or failure
      } else {
        next = Math.min(next, expiresAt[i]);
      }
    }
    schedule(next);
  }

  /**
   * Only a required call still out at the deadline makes a 504. A busy loop can run the tick meant
   * for deadline − margin after the deadline itself; optional calls still out then are cut as they
   * would have been (their fallbacks stand in), not turned into a 504.
   */
  private boolean requiredCallRunning() {
    for (CallPlan call : endpoint.calls()) {
      if (running[call.index()] != null && !call.optional()) {
        return true;
      }
    }
    return false;
  }

  private void finish(ExecutionResult.Failure failure) {
    if (done) {
      return;
    }
    done = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    try {
      result.complete(summarize(failure));
    } catch (RuntimeException unexpected) {
      result.tryFail(unexpected); // the handler answers 500 rather than leaving the client waiting
    }
    if (spans != null) { // the calls cut short by the answer's decision
      for (int i = 0; i < spans.length; i++) {
        endSpan(i, outcomes[i]);
      }
    }
  }

  /** {@code orders[3,7]}: the call and the indexes of the items that took the item fallback. */
  private static String partially(String name, List<ItemFailure> failedItems) {
    StringBuilder out = new StringBuilder(name).append('[');
    for (int k = 0; k < failedItems.size(); k++) {
      if (k > 0) {
        out.append(',');
      }
      out.append(failedItems.get(k).index());
    }
    return out.append(']').toString();
  }

  private ExecutionResult summarize(ExecutionResult.Failure failure) {
    long now = nanoClock.getAsLong();
    List<CallRecord> records = new ArrayList<>(outcomes.length);
    List<String> degraded = new ArrayList<>();
    for (CallPlan call : endpoint.calls()) {
      int i = call.index();
      if (running[i] != null) {
        running[i].cancel(
            failure == null
                ? "finished"
                : "the answer was already decided: " + failure.reason().label());
        outcomes[i] =
            new CallOutcome.Failed(
                failure != null && failure.reason() == Reason.DEADLINE
                    ? Reason.DEADLINE
                    : Reason.CANCELLED,
                0,
                "still running when the answer was decided");
        endNanos[i] = now;
      }
      records.add(
          new CallRecord(
              call, outcomes[i], startNanos[i], endNanos[i], usedFallback[i], skipped[i]));
      if (usedFallback[i]) {
        degraded.add(call.name());
      } else if (outcomes[i] instanceof CallOutcome.Ok ok && ok.staleOnError()) {
        degraded.add(call.name() + ";stale");
      } else if (outcomes[i] instanceof CallOutcome.Ok ok && ok.partial()) {
        degraded.add(partially(call.name(), ok.failedItems()));
      }
    }
    return new ExecutionResult(context, records, degraded, failure);
  }
}
