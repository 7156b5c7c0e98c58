package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.execution.Reason;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a saga's log says is left to do once the process that ran it is gone. Every step the log
 * holds as done is kept with its answer; a step logged as sent but never as ended may have been
 * done, so it is undone too (its compensation must be idempotent, and carries the same key); a
 * compensation logged as done is not sent again.
 *
 * <p>A saga whose every step is logged as done is not undone: the write happened, only its answer
 * was lost with the process, and {@code GET /sagas/{id}} gives it. Anything short of that is
 * compensated: the request that started it is gone, so nobody is waiting for the rest.
 */
final class RecoveredSaga {

  private final SagaRecord record;
  private final EndpointPlan endpoint;
  private final Map<String, Object> context;
  private final List<CallPlan> completionOrder = new ArrayList<>();
  private final Map<String, SagaEvent> stepEnds = new HashMap<>();
  private final Map<String, Boolean> sent = new LinkedHashMap<>();
  private final List<CompensationRecord> undone = new ArrayList<>();
  private final Map<String, Boolean> undoneSteps = new HashMap<>();

  private RecoveredSaga(SagaRecord record, EndpointPlan endpoint) {
    this.record = record;
    this.endpoint = endpoint;
    this.context = new HashMap<>(record.header().request());
    Map<String, CallPlan> steps = new HashMap<>();
    for (CallPlan step : endpoint.calls()) {
      steps.put(step.name(), step);
    }
    for (SagaEvent event : record.events()) {
      CallPlan step = steps.get(event.step());
      if (step == null) {
        continue; // a step the config no longer has: nothing here can undo it
      }
      switch (event.type()) {
        case STEP_SENT -> sent.put(step.name(), Boolean.TRUE);
        case STEP_DONE -> {
          stepEnds.put(step.name(), event);
          completionOrder.add(step);
          context.put(step.name(), event.answer());
        }
        case STEP_FAILED -> {
          stepEnds.put(step.name(), event);
          if (MaybeDone.after(event.reason())) {
            completionOrder.add(step);
          }
        }
        case UNDONE -> {
          undoneSteps.put(step.name(), Boolean.TRUE);
          undone.add(
              new CompensationRecord(step.name(), "done", event.attempts(), event.status(), null));
        }
        case UNDO_SENT, UNDO_FAILED -> {
          // sent again: an undo is idempotent, and one that ran out of attempts is retried here
        }
      }
    }
    for (String name : sent.keySet()) {
      if (!stepEnds.containsKey(name)) {
        completionOrder.add(steps.get(name)); // sent, never ended: maybe done
      }
    }
  }

  static RecoveredSaga of(SagaRecord record, EndpointPlan endpoint) {
    return new RecoveredSaga(record, endpoint);
  }

  /** Every step was logged as done: the write stands. */
  boolean completed() {
    for (CallPlan step : endpoint.calls()) {
      SagaEvent end = stepEnds.get(step.name());
      if (end == null || end.type() != SagaEvent.Type.STEP_DONE) {
        return false;
      }
    }
    return true;
  }

  /** The request's inputs and every done step's answer: what the compensations read. */
  Map<String, Object> context() {
    return context;
  }

  /** What is still to undo, last done first. */
  List<CallPlan> toUndo() {
    List<CallPlan> toUndo = new ArrayList<>();
    for (int k = completionOrder.size() - 1; k >= 0; k--) {
      CallPlan step = completionOrder.get(k);
      if (endpoint.saga().of(step.index()) != null && !undoneSteps.containsKey(step.name())) {
        toUndo.add(step);
      }
    }
    return toUndo;
  }

  /** The compensations the log already holds as done, in the order they were done. */
  List<CompensationRecord> alreadyUndone() {
    return List.copyOf(undone);
  }

  /**
   * The saga's result once {@code compensations} (the earlier ones first) ran: failed at the first
   * step the log holds as failed, else at the first it holds as sent and never ended.
   */
  SagaResult result(List<CompensationRecord> compensations, String instance) {
    String failedStep = null;
    Reason reason = Reason.CANCELLED;
    int status = 0;
    String detail = null;
    for (SagaEvent event : record.events()) {
      if (event.type() == SagaEvent.Type.STEP_FAILED) {
        failedStep = event.step();
        reason = reasonOf(event.reason());
        status = event.status();
        detail = event.detail();
        break;
      }
    }
    if (failedStep == null) {
      for (String name : sent.keySet()) {
        if (!stepEnds.containsKey(name)) {
          failedStep = name;
          break;
        }
      }
      detail =
          "the gateway running this saga stopped before it ended; "
              + instance
              + " took it over and compensated it";
    }
    return new SagaResult(
        record.header().sagaId(), null, failedStep, reason, status, detail, steps(), compensations);
  }

  private static Reason reasonOf(String label) {
    for (Reason reason : Reason.values()) {
      if (reason.label().equals(label)) {
        return reason;
      }
    }
    return Reason.CANCELLED;
  }

  List<StepRecord> steps() {
    List<StepRecord> steps = new ArrayList<>();
    for (CallPlan step : endpoint.calls()) {
      SagaEvent end = stepEnds.get(step.name());
      String outcome;
      int status = 0;
      if (end != null && end.type() == SagaEvent.Type.STEP_DONE) {
        outcome = "ok";
        status = end.status();
      } else if (end != null) {
        outcome = end.reason();
        status = end.status();
      } else if (sent.containsKey(step.name())) {
        outcome = "interrupted";
      } else {
        outcome = "not-started";
      }
      steps.add(new StepRecord(step.name(), step.service().name(), outcome, status));
    }
    return steps;
  }
}
