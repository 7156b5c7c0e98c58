package dev.mosaic.rules.plan;

import java.util.List;
import java.util.Map;

/**
 * Everything the runtime needs from a config, compiled and checked: immutable, so a reload builds a
 * new one and swaps it while requests in flight finish on the old.
 *
 * @param events where change events are read and appended (views, cache invalidation)
 * @param lifecycle how the gateway drains on SIGTERM, and its health listener
 * @param tracing how new traces are sampled and where spans are exported ({@code server.tracing} as
 *     a mapping)
 */
public record GatewayPlan(
    String source,
    ServerSettings server,
    Map<String, ServicePlan> services,
    CacheSettings cache,
    List<EndpointPlan> endpoints,
    SagaSettings sagas,
    EventSettings events,
    LifecycleSettings lifecycle,
    TracingSettings tracing) {

  public GatewayPlan {
    services = Map.copyOf(services);
    endpoints = List.copyOf(endpoints);
  }

  /** A plan that samples every new trace and exports no span. */
  public GatewayPlan(
      String source,
      ServerSettings server,
      Map<String, ServicePlan> services,
      CacheSettings cache,
      List<EndpointPlan> endpoints,
      SagaSettings sagas,
      EventSettings events,
      LifecycleSettings lifecycle) {
    this(
        source,
        server,
        services,
        cache,
        endpoints,
        sagas,
        events,
        lifecycle,
        TracingSettings.DEFAULTS);
  }

  /** A plan whose sagas, if any, live in this process only. */
  public GatewayPlan(
      String source,
      ServerSettings server,
      Map<String, ServicePlan> services,
      CacheSettings cache,
      List<EndpointPlan> endpoints) {
    this(
        source,
        server,
        services,
        cache,
        endpoints,
        SagaSettings.IN_PROCESS,
        EventSettings.IN_PROCESS,
        LifecycleSettings.DEFAULTS);
  }
}
