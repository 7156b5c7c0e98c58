package dev.mosaic.gateway.metrics;

import dev.mosaic.gateway.saga.CompensationRecord;
import dev.mosaic.gateway.saga.SagaOutcome;
import dev.mosaic.gateway.saga.SagaResult;
import dev.mosaic.rules.plan.EndpointPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * One saga endpoint's sagas by how they ended, and their compensations by step and outcome,
 * labelled like {@link EndpointMeters} by the route template.
 */
public final class SagaMeters {

  static final String SAGAS = "mosaic.saga.duration";
  static final String COMPENSATIONS = "mosaic.saga.compensations";
  static final String COMPENSATION_DURATION = "mosaic.saga.compensation.duration";
  static final String RECOVERIES = "mosaic.saga.recoveries";

  private final MeterRegistry registry;
  private final EndpointPlan endpoint;

  public SagaMeters(MeterRegistry registry, EndpointPlan endpoint) {
    this.registry = registry;
    this.endpoint = endpoint;
  }

  /**
   * @param nanos from the saga's first step to its answer (compensations included)
   */
  public void ended(SagaResult saga, long nanos) {
    String outcome = SagaOutcome.state(saga);
    // registered on first use: the registry keeps one meter per name and tags
    Timer.builder(SAGAS)
        .description("sagas from the first step to the answer, by how they ended")
        .tags("route", endpoint.routePath(), "method", endpoint.method(), "outcome", outcome)
        .serviceLevelObjectives(Latency.BUCKETS)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    for (CompensationRecord compensation : saga.compensations()) {
      Tags tags =
          Tags.of(
              "route",
              endpoint.routePath(),
              "method",
              endpoint.method(),
              "step",
              compensation.step(),
              "outcome",
              compensation.outcome());
      Counter.builder(COMPENSATIONS)
          .description("compensations run, by step and whether they were done")
          .tags(tags)
          .register(registry)
          .increment();
      if (compensation.nanos() > 0) {
        Timer.builder(COMPENSATION_DURATION)
            .description("compensations from the first attempt to the end, backoffs included")
            .tags(tags)
            .serviceLevelObjectives(Latency.BUCKETS)
            .register(registry)
            .record(compensation.nanos(), TimeUnit.NANOSECONDS);
      }
    }
  }

  /**
   * A saga this process finished for a gateway that stopped (or an operator's retry).
   *
   * @param route as logged, e.g. {@code POST /checkout}
   * @param state how it ended: completed, compensated, failed-to-compensate
   */
  public static void recovered(MeterRegistry registry, String route, String state) {
    Counter.builder(RECOVERIES)
        .description("sagas finished from their log after their gateway stopped, or retried")
        .tags("route", route, "outcome", state)
        .register(registry)
        .increment();
  }
}
