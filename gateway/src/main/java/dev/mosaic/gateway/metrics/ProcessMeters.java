package dev.mosaic.gateway.metrics;

import dev.mosaic.gateway.cache.CacheCounts;
import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.http.ConnectionPools;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.resilience.ServiceBudget;
import dev.mosaic.gateway.resilience.ServiceGuards;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The process-wide state as meters, read when Prometheus scrapes (Resilience4j's tagged metrics
 * binders): breaker states, bulkhead occupancy, retries and hedges, ejected instances, call
 * budgets, cache lookups and coalescing. Each meter reads through {@code guards}, the running
 * generation's, so a reload that replaces a service's guards is seen at the next scrape; a service
 * a reload removed loses its meters. A counter whose guards were replaced restarts from zero, which
 * Prometheus' {@code rate()} reads as the counter reset it is.
 */
public final class ProcessMeters {

  private final MeterRegistry registry;
  private final Supplier<Guards> guards;
  private final Map<String, List<Meter>> byService = new HashMap<>();

  private final ConnectionPools pools;

  public ProcessMeters(
      MeterRegistry registry, Supplier<Guards> guards, FragmentCache cache, ConnectionPools pools) {
    this.registry = registry;
    this.guards = guards;
    this.pools = pools;
    bindCache(cache);
  }

  /** Meters for every service of the running generation; called again after each reload. */
  public synchronized void bindServices() {
    Map<String, ServiceGuards> services = guards.get().all();
    byService
        .entrySet()
        .removeIf(
            bound -> {
              if (services.containsKey(bound.getKey())) {
                return false;
              }
              bound.getValue().forEach(registry::remove);
              return true;
            });
    for (String service : services.keySet()) {
      byService.computeIfAbsent(service, this::bind);
    }
  }

  private List<Meter> bind(String service) {
    List<Meter> meters = new ArrayList<>();
    for (CircuitBreakerState state : CircuitBreakerState.values()) {
      meters.add(
          Gauge.builder("mosaic.breaker.state", () -> isIn(service, state))
              .description(
                  "1 for the state the service's circuit breaker is in (closed for a service without one)")
              .tags("service", service, "state", state.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    meters.add(
        gauge(
            service,
            "mosaic.bulkhead.in.flight",
            "calls holding a bulkhead slot",
            g -> g.bulkhead() == null ? 0 : g.bulkhead().inFlight()));
    meters.add(
        gauge(
            service,
            "mosaic.bulkhead.limit",
            "the bulkhead's size (0: none)",
            g -> g.bulkhead() == null ? 0 : g.bulkhead().limit()));
    meters.add(
        gauge(
            service,
            "mosaic.instances.ejected",
            "instances taken out by outlier ejection",
            g -> ejected(g)));
    meters.add(
        Gauge.builder("mosaic.pool.connections", pools, p -> p.open(service))
            .description("connections open to the service, over every event loop's pool")
            .tags("service", service)
            .register(registry));
    meters.add(
        Gauge.builder("mosaic.pool.waiting", pools, p -> p.waiting(service))
            .description(
                "calls waiting for a pooled connection to the service (above 0: the pools are too small)")
            .tags("service", service)
            .register(registry));
    meters.add(
        Gauge.builder("mosaic.pool.limit", pools, p -> p.limit(service))
            .description(
                "the most connections the pools may open to the service (poolSize x instances x event loops)")
            .tags("service", service)
            .register(registry));
    meters.add(counter(service, "mosaic.retries", "retries sent", g -> g.budget().retries()));
    meters.add(counter(service, "mosaic.hedges", "hedged requests sent", g -> g.budget().hedges()));
    meters.add(
        counter(
            service,
            "mosaic.retries.denied",
            "retries and hedges the retry budget refused",
            g -> g.budget().denied()));
    meters.add(
        gauge(
            service,
            "mosaic.call.budget.per.second",
            "the service's call budget (0: none)",
            g -> g.callBudget() == null ? 0 : g.callBudget().settings().perSecond()));
    meters.add(
        counter(
            service,
            "mosaic.call.budget.calls",
            "calls counted against the budget and sent",
            g -> g.callBudget() == null ? 0 : g.callBudget().admitted()));
    meters.add(
        counter(
            service,
            "mosaic.call.budget.exceeded",
            "calls over the budget, enforced or not",
            g -> g.callBudget() == null ? 0 : g.callBudget().exceeded()));
    meters.add(
        counter(
            service,
            "mosaic.call.budget.rejected",
            "calls over an enforced budget, not sent",
            g -> budgetRejected(g.callBudget())));
    return meters;
  }

  private double isIn(String service, CircuitBreakerState state) {
    ServiceGuards g = guards.get().of(service);
    if (g == null) {
      return Double.NaN;
    }
    CircuitBreakerState now =
        g.breaker() == null ? CircuitBreakerState.CLOSED : g.breaker().state();
    return now == state ? 1 : 0;
  }

  private static double ejected(ServiceGuards g) {
    int out = 0;
    for (int i = 0; i < g.instances().size(); i++) {
      if (g.instances().ejected(i)) {
        out++;
      }
    }
    return out;
  }

  private static double budgetRejected(ServiceBudget budget) {
    return budget == null ? 0 : budget.turnedAway();
  }

  private Meter gauge(
      String service, String name, String description, ToDoubleFunction<ServiceGuards> read) {
    return Gauge.builder(name, () -> read(service, read))
        .description(description)
        .tags("service", service)
        .register(registry);
  }

  private Meter counter(
      String service, String name, String description, ToDoubleFunction<ServiceGuards> read) {
    return FunctionCounter.builder(name, this, self -> read(service, read))
        .description(description)
        .tags("service", service)
        .register(registry);
  }

  private double read(String service, ToDoubleFunction<ServiceGuards> read) {
    ServiceGuards g = guards.get().of(service);
    return g == null ? Double.NaN : read.applyAsDouble(g);
  }

  private void bindCache(FragmentCache cache) {
    CacheCounts counts = cache.counts();
    for (CacheCounts.Level level : CacheCounts.Level.values()) {
      for (CacheCounts.Tier tier : CacheCounts.Tier.values()) {
        for (CacheCounts.Result result : CacheCounts.Result.values()) {
          FunctionCounter.builder(
                  "mosaic.cache.lookups", counts, c -> c.lookups(level, tier, result))
              .description(
                  "cache lookups by level (fragment: a call; response: a whole answer), tier and result")
              .tags(
                  "level",
                  level.name().toLowerCase(Locale.ROOT),
                  "tier",
                  tier.name().toLowerCase(Locale.ROOT),
                  "result",
                  result.name().toLowerCase(Locale.ROOT))
              .register(registry);
        }
      }
    }
    FunctionCounter.builder("mosaic.cache.coalesced", counts, CacheCounts::coalesced)
        .description(
            "calls that waited for the same call already in flight instead of making their own")
        .register(registry);
    FunctionCounter.builder("mosaic.cache.shared.failures", cache, FragmentCache::sharedFailures)
        .description("Redis operations that failed or ran out of time")
        .register(registry);
    Gauge.builder("mosaic.cache.entries", cache, FragmentCache::size)
        .description("entries held in this process")
        .register(registry);
  }
}
