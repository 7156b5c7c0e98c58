package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.execution.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The problem a failed saga answers: which step failed and why, each step's outcome, and each
 * compensation's, so a client (or an operator holding the saga id) knows what state the services
 * were left in. Never a service's body.
 */
public final class SagaProblem {

  private SagaProblem() {}

  public static JsonObject of(SagaResult saga, String route, String instance) {
    boolean compensated = saga.compensated();
    String type =
        saga.status() == 400
            ? "bad-input"
            : compensated ? "saga-compensated" : "saga-failed-to-compensate";
    String detail =
        (saga.failedStep() == null
                ? "the saga stopped before its first step: "
                : "step '" + saga.failedStep() + "' failed: ")
            + saga.detail()
            + (saga.status() == 400 && saga.compensations().isEmpty()
                ? "; nothing was sent"
                : compensated
                    ? "; " + saga.compensations().size() + " compensation(s) done"
                    : "; some compensations failed: the services may hold part of this write");
    JsonArray steps = new JsonArray();
    for (StepRecord step : saga.steps()) {
      JsonObject s =
          new JsonObject()
              .put("name", step.name())
              .put("service", step.service())
              .put("outcome", step.outcome());
      if (step.status() > 0) {
        s.put("status", step.status());
      }
      steps.add(s);
    }
    JsonArray compensations = new JsonArray();
    for (CompensationRecord c : saga.compensations()) {
      JsonObject j =
          new JsonObject()
              .put("step", c.step())
              .put("outcome", c.outcome())
              .put("attempts", c.attempts());
      if (c.status() > 0) {
        j.put("status", c.status());
      }
      if (c.detail() != null) {
        j.put("detail", c.detail());
      }
      compensations.add(j);
    }
    return Problem.of(saga.status(), type, detail, instance)
        .put("route", route)
        .put("sagaId", saga.sagaId())
        .put("failedStep", saga.failedStep())
        .put("steps", steps)
        .put("compensations", compensations);
  }
}
