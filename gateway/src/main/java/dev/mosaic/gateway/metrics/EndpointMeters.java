package dev.mosaic.gateway.metrics;

import dev.mosaic.gateway.execution.CallRecord;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One endpoint's meters, for one event loop: answers by status, each call by outcome, degraded
 * answers and calls. Labels are the route template and the config's call and service names, so
 * their number is fixed by the config, never by traffic.
 *
 * <p>Meters are looked up once and kept in arrays: the registry hands every loop the same meter for
 * the same name and labels, so a loop's arrays are only a faster path to it.
 */
public final class EndpointMeters {

  static final String ENDPOINT_DURATION = "mosaic.endpoint.duration";
  static final String CALL_DURATION = "mosaic.call.duration";
  static final String DEGRADED_ANSWERS = "mosaic.degraded.answers";
  static final String DEGRADED_CALLS = "mosaic.degraded.calls";

  /**
   * What stood in for a call, the {@code replacement} tag of {@link #DEGRADED_CALLS}: its fallback,
   * a stale value, or item fallbacks (counted per item) in a partial call.
   */
  private static final String[] REPLACEMENTS = {"fallback", "stale", "item-fallback"};

  /** The route label of requests no endpoint matched. */
  public static final String UNMATCHED = "unmatched";

  private final MeterRegistry registry;
  private final String method;
  private final String route;
  private final List<CallPlan> calls;
  private final Timer[] byStatus = new Timer[600];
  private final Timer[][] byCall;
  private final Counter[][] degradedCalls;
  private Counter degradedAnswers;

  public EndpointMeters(MeterRegistry registry, EndpointPlan endpoint) {
    this(registry, endpoint.method(), endpoint.routePath(), endpoint.calls());
  }

  private EndpointMeters(
      MeterRegistry registry, String method, String route, List<CallPlan> calls) {
    this.registry = registry;
    this.method = method;
    this.route = route;
    this.calls = calls;
    this.byCall = new Timer[calls.size()][CallResult.values().length];
    this.degradedCalls = new Counter[calls.size()][REPLACEMENTS.length];
  }

  /** For requests that matched no endpoint (404, 405): one label value for all of them. */
  public static EndpointMeters unmatched(MeterRegistry registry) {
    return new EndpointMeters(registry, "", UNMATCHED, List.of());
  }

  public void answered(int status, long nanos) {
    int index = status >= 100 && status < 600 ? status : 599;
    Timer timer = byStatus[index];
    if (timer == null) {
      timer =
          byStatus[index] =
              Timer.builder(ENDPOINT_DURATION)
                  .description("time from a request's arrival to the end of its answer")
                  .tags("route", route, "method", method, "status", Integer.toString(index))
                  .serviceLevelObjectives(Latency.BUCKETS)
                  .register(registry);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Records each call that started, and the answer as degraded when some call fell back or was
   * stale.
   */
  @SuppressWarnings("EnumOrdinal") // timers made on first use, one slot per call and result
  public void calls(List<CallRecord> records) {
    boolean degraded = false;
    for (CallRecord record : records) {
      CallResult result = CallResult.of(record);
      if (result == null) {
        continue;
      }
      int call = record.call().index();
      Timer timer = byCall[call][result.ordinal()];
      if (timer == null) {
        CallPlan plan = calls.get(call);
        timer =
            byCall[call][result.ordinal()] =
                Timer.builder(CALL_DURATION)
                    .description(
                        "time a call took as the answer saw it, by what the answer got from it")
                    .tags(
                        "route",
                        route,
                        "method",
                        method,
                        "call",
                        plan.name(),
                        "service",
                        plan.service().name(),
                        "outcome",
                        result.label)
                    .serviceLevelObjectives(Latency.BUCKETS)
                    .register(registry);
      }
      timer.record(record.endNanos() - record.startNanos(), TimeUnit.NANOSECONDS);
      if (result == CallResult.FALLBACK || (result == CallResult.STALE && staleIfError(record))) {
        degraded = true;
        degradedCall(call, result == CallResult.FALLBACK ? 0 : 1).increment();
      } else if (result == CallResult.PARTIAL) {
        degraded = true;
        degradedCall(call, 2)
            .increment(
                ((dev.mosaic.gateway.execution.CallOutcome.Ok) record.outcome())
                    .failedItems()
                    .size());
      }
    }
    if (degraded) {
      if (degradedAnswers == null) {
        degradedAnswers =
            Counter.builder(DEGRADED_ANSWERS)
                .description(
                    "answers in which some optional call was replaced by its fallback or a stale value")
                .tags("route", route, "method", method)
                .register(registry);
      }
      degradedAnswers.increment();
    }
  }

  private static boolean staleIfError(CallRecord record) {
    return record.cache() != null
        && record.cache().state() == dev.mosaic.gateway.http.CacheUse.State.STALE_IF_ERROR;
  }

  private Counter degradedCall(int call, int how) {
    Counter counter = degradedCalls[call][how];
    if (counter == null) {
      CallPlan plan = calls.get(call);
      counter =
          degradedCalls[call][how] =
              Counter.builder(DEGRADED_CALLS)
                  .description(
                      "calls (or a partial call's items) an answer did without: their fallback,"
                          + " a stale value or the item fallback stood in")
                  .tags(
                      "route",
                      route,
                      "method",
                      method,
                      "call",
                      plan.name(),
                      "service",
                      plan.service().name(),
                      "replacement",
                      REPLACEMENTS[how])
                  .register(registry);
    }
    return counter;
  }
}
