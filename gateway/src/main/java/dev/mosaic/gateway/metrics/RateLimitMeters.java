package dev.mosaic.gateway.metrics;

import dev.mosaic.gateway.ratelimit.RateLimiter;
import dev.mosaic.rules.plan.EndpointPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One rate-limited endpoint's decisions, labelled like {@link EndpointMeters} by the route
 * template: never by client, whose number traffic decides.
 */
public final class RateLimitMeters {

  static final String DECISIONS = "mosaic.ratelimit.decisions";

  private final Counter allowed;
  private final Counter limited;

  public RateLimitMeters(MeterRegistry registry, EndpointPlan endpoint) {
    this.allowed = counter(registry, endpoint, "allowed");
    this.limited = counter(registry, endpoint, "limited");
  }

  private static Counter counter(MeterRegistry registry, EndpointPlan endpoint, String result) {
    return Counter.builder(DECISIONS)
        .description("rate-limit decisions: requests let through, and requests answered 429")
        .tags("route", endpoint.routePath(), "method", endpoint.method(), "result", result)
        .register(registry);
  }

  public void count(boolean wasAllowed) {
    (wasAllowed ? allowed : limited).increment();
  }

  /** The process's limiter: buckets held, and Redis takes decided here instead. */
  public static void bindProcess(MeterRegistry registry, RateLimiter limiter) {
    FunctionCounter.builder(
            "mosaic.ratelimit.shared.failures", limiter, RateLimiter::sharedFailures)
        .description(
            "rate-limit takes Redis failed or did not answer in time, decided by this process's buckets")
        .register(registry);
    Gauge.builder("mosaic.ratelimit.buckets", limiter, RateLimiter::buckets)
        .description("rate-limit buckets held in this process")
        .register(registry);
  }
}
