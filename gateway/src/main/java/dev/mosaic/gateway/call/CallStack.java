package dev.mosaic.gateway.call;

import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.InstanceCaller;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.resilience.ServiceGuards;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.ServicePlan;
import java.util.HashMap;
import java.util.Map;

/**
 * Every service's call stack for one event loop. The order, outermost first, is written down only
 * here (docs/architecture.md describes it):
 *
 * <pre>
 *   fragment cache → call budget → breaker → bulkhead → retry (+ budget) → hedge → balancer → HTTP exchange
 * </pre>
 *
 * The cache is outside the breaker so a hit never asks it, and a stale entry can stand in when the
 * breaker turns the call away. An open breaker turns a call away before it takes a bulkhead slot; a
 * call and all its retries and hedges are one breaker verdict and hold one bulkhead slot; every try
 * (and every hedge) is placed on an instance by the balancer, so ejection and least-in-flight see
 * each one. Layers a service does not use are left out (Lura's newStack), so a service with none of
 * them costs a map lookup over the bare HTTP exchange. The shared state behind the layers ({@link
 * Guards}) is per process; the layers themselves are per loop, with that loop's clients and timeout
 * wheel.
 */
public final class CallStack implements ServiceCaller {

  private final Map<String, ServiceCaller> byService = new HashMap<>();

  private CallStack() {}

  public static CallStack build(
      GatewayPlan plan, Guards guards, InstanceCaller http, Timeouts timeouts) {
    return build(plan, guards, null, http, timeouts);
  }

  /**
   * @param cache the process's fragment cache, or null when no call is cached
   */
  public static CallStack build(
      GatewayPlan plan,
      Guards guards,
      FragmentCache cache,
      InstanceCaller http,
      Timeouts timeouts) {
    CallStack stack = new CallStack();
    for (ServicePlan service : plan.services().values()) {
      stack.byService.put(
          service.name(),
          forService(plan, service, guards.of(service.name()), cache, http, timeouts));
    }
    return stack;
  }

  private static ServiceCaller forService(
      GatewayPlan plan,
      ServicePlan service,
      ServiceGuards guards,
      FragmentCache cache,
      InstanceCaller http,
      Timeouts timeouts) {
    boolean retries = false;
    boolean hedges = false;
    boolean cached = false;
    for (EndpointPlan endpoint : plan.endpoints()) {
      for (CallPlan call : endpoint.calls()) {
        if (call.service().name().equals(service.name())) {
          retries |= call.resilience().retry() != null;
          hedges |= call.resilience().hedge() != null;
          cached |= call.cache() != null;
        }
      }
    }
    ServiceCaller caller =
        service.instances().size() == 1 && guards.latency() == null
            ? new DirectCaller(http)
            : new BalancingCaller(guards.instances(), http, guards.latency());
    if (hedges) {
      caller = new HedgingCaller(caller, guards.budget(), guards.latency(), timeouts);
    }
    if (retries || hedges) {
      caller = new RetryingCaller(guards.budget(), caller, timeouts);
    }
    if (guards.bulkhead() != null) {
      caller = new BulkheadCaller(guards.bulkhead(), caller);
    }
    if (guards.breaker() != null) {
      caller = new BreakerCaller(guards.breaker(), caller);
    }
    if (guards.callBudget() != null) {
      caller = new BudgetCaller(guards.callBudget(), caller);
    }
    if (cached && cache != null) {
      caller = FragmentCache.over(cache, caller, timeouts);
    }
    return caller;
  }

  @Override
  public Exchange send(Outbound call) {
    return byService.get(call.service().name()).send(call);
  }
}
