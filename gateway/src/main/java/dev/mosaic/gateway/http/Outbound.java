package dev.mosaic.gateway.http;

import dev.mosaic.rules.plan.CallCache;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.ServicePlan;

/**
 * One call as the call stack sees it: where it goes, what it may repeat, and until when.
 *
 * @param policy the retry and hedge this call may use
 * @param endsAtNanos the call's time limit ({@link System#nanoTime()} scale): the caller cancels it
 *     then, and no retry or hedge is started that could not finish before it
 * @param streamed the answer completes at its head and the body is read by the caller
 *     (passthrough); otherwise it completes with the whole body buffered
 * @param avoid the instance a previous try used, or -1: another one is preferred
 * @param cache how the answer is cached, or null
 * @param tags the cache tags of this request's answer
 * @param origin who makes the call: an endpoint's route, or "warmup" (call budgets name it)
 * @param span the call's exported span, told of each attempt, retry and hedge; null when none
 */
public record Outbound(
    ServicePlan service,
    CallResilience policy,
    ServiceRequest request,
    long endsAtNanos,
    boolean streamed,
    int avoid,
    CallCache cache,
    java.util.List<String> tags,
    String origin,
    dev.mosaic.gateway.tracing.CallSpan span) {

  /** A call that is neither cached nor traced (warm-up pings, passthroughs, compensations). */
  public Outbound(
      ServicePlan service,
      CallResilience policy,
      ServiceRequest request,
      long endsAtNanos,
      boolean streamed,
      int avoid,
      String origin) {
    this(
        service,
        policy,
        request,
        endsAtNanos,
        streamed,
        avoid,
        null,
        java.util.List.of(),
        origin,
        null);
  }

  public Outbound avoiding(int instance) {
    return instance == avoid
        ? this
        : new Outbound(
            service, policy, request, endsAtNanos, streamed, instance, cache, tags, origin, span);
  }
}
