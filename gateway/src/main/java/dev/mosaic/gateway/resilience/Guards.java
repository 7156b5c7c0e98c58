package dev.mosaic.gateway.resilience;

import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.Resilience;
import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.Vertx;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/** Every service's {@link ServiceGuards}, built once per gateway process from the plan. */
public final class Guards {

  private final Map<String, ServiceGuards> byService;

  private Guards(Map<String, ServiceGuards> byService) {
    this.byService = Collections.unmodifiableMap(byService);
  }

  public static Guards create(Vertx vertx, GatewayPlan plan) {
    return create(vertx, plan, System::nanoTime);
  }

  static Guards create(Vertx vertx, GatewayPlan plan, LongSupplier nanoClock) {
    Map<String, ServiceGuards> guards = new LinkedHashMap<>();
    for (ServicePlan service : plan.services().values()) {
      Resilience r = service.resilience();
      double[] percentiles = hedgePercentiles(plan, service);
      guards.put(service.name(), new ServiceGuards(
          service.name(),
          r.breaker() == null ? null : new ServiceBreaker(vertx, service.name(), r.breaker(), nanoClock),
          r.maxInFlight() > 0 ? new Bulkhead(r.maxInFlight()) : null,
          new RetryAllowance(r.budget(), nanoClock),
          percentiles.length == 0 ? null : new LatencyTracker(percentiles, nanoClock),
          new InstancePool(service.name(), service.instances(), r.balance(), r.ejection(), nanoClock)));
    }
    return new Guards(guards);
  }

  /** The percentiles that calls to {@code service} hedge on. */
  private static double[] hedgePercentiles(GatewayPlan plan, ServicePlan service) {
    TreeSet<Double> percentiles = new TreeSet<>();
    for (EndpointPlan endpoint : plan.endpoints()) {
      for (CallPlan call : endpoint.calls()) {
        if (call.service().name().equals(service.name()) && call.resilience().hedge() != null
            && call.resilience().hedge().after() == null) {
          percentiles.add(call.resilience().hedge().percentile());
        }
      }
    }
    return percentiles.stream().mapToDouble(Double::doubleValue).toArray();
  }

  public ServiceGuards of(String service) {
    return byService.get(service);
  }

  public Map<String, ServiceGuards> all() {
    return byService;
  }

  public void close() {
    byService.values().forEach(g -> {
      if (g.breaker() != null) {
        g.breaker().close();
      }
    });
  }
}
