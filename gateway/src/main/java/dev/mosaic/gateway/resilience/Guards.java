package dev.mosaic.gateway.resilience;

import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.Resilience;
import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Every service's {@link ServiceGuards}, built once per gateway process from the plan, and built
 * again on each reload. A service whose settings did not change keeps its guards across a reload:
 * an open breaker stays open, an ejected instance stays out, budgets keep their windows. A changed
 * service starts afresh, as a new service would.
 */
public final class Guards {

  private final Map<String, ServiceGuards> byService;
  private final Map<String, ServicePlan> plans;
  private final Map<String, List<Double>> percentiles;

  private Guards(
      Map<String, ServiceGuards> byService,
      Map<String, ServicePlan> plans,
      Map<String, List<Double>> percentiles) {
    this.byService = Collections.unmodifiableMap(byService);
    this.plans = plans;
    this.percentiles = percentiles;
  }

  public static Guards create(Vertx vertx, GatewayPlan plan) {
    return create(vertx, plan, null, System::nanoTime);
  }

  /**
   * Guards for {@code plan} that keep {@code previous}'s state for every service left as it was.
   */
  public static Guards next(Vertx vertx, GatewayPlan plan, Guards previous) {
    return create(vertx, plan, previous, System::nanoTime);
  }

  static Guards create(Vertx vertx, GatewayPlan plan, LongSupplier nanoClock) {
    return create(vertx, plan, null, nanoClock);
  }

  private static Guards create(
      Vertx vertx, GatewayPlan plan, Guards previous, LongSupplier nanoClock) {
    Map<String, ServiceGuards> guards = new LinkedHashMap<>();
    Map<String, ServicePlan> plans = new LinkedHashMap<>();
    Map<String, List<Double>> percentilesByService = new LinkedHashMap<>();
    for (ServicePlan service : plan.services().values()) {
      double[] percentiles = hedgePercentiles(plan, service);
      List<Double> wanted = Arrays.stream(percentiles).boxed().toList();
      plans.put(service.name(), service);
      percentilesByService.put(service.name(), wanted);
      if (previous != null
          && service.equals(previous.plans.get(service.name()))
          && wanted.equals(previous.percentiles.get(service.name()))) {
        guards.put(service.name(), previous.byService.get(service.name()));
        continue;
      }
      Resilience r = service.resilience();
      guards.put(
          service.name(),
          new ServiceGuards(
              service.name(),
              r.breaker() == null
                  ? null
                  : new ServiceBreaker(vertx, service.name(), r.breaker(), nanoClock),
              r.maxInFlight() > 0 ? new Bulkhead(r.maxInFlight()) : null,
              new RetryAllowance(r.budget(), nanoClock),
              percentiles.length == 0 ? null : new LatencyTracker(percentiles, nanoClock),
              new InstancePool(
                  service.name(), service.instances(), r.balance(), r.ejection(), nanoClock),
              service.callBudget() == null
                  ? null
                  : new ServiceBudget(service.name(), service.callBudget(), nanoClock)));
    }
    return new Guards(guards, plans, percentilesByService);
  }

  /** The percentiles that calls to {@code service} hedge on. */
  private static double[] hedgePercentiles(GatewayPlan plan, ServicePlan service) {
    TreeSet<Double> percentiles = new TreeSet<>();
    for (EndpointPlan endpoint : plan.endpoints()) {
      for (CallPlan call : endpoint.calls()) {
        if (call.service().name().equals(service.name())
            && call.resilience().hedge() != null
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

  /** Closes the guards of this set that {@code successor} does not carry on. */
  @SuppressWarnings("ReferenceEquality") // carried on means the very same guards object
  public void closeAllBut(Guards successor) {
    byService.forEach(
        (name, g) -> {
          if (successor.byService.get(name) != g && g.breaker() != null) {
            g.breaker().close();
          }
        });
  }

  public void close() {
    byService
        .values()
        .forEach(
            g -> {
              if (g.breaker() != null) {
                g.breaker().close();
              }
            });
  }
}
