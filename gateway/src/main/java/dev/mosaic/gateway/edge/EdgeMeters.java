package dev.mosaic.gateway.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code mosaic.edge.refused{reason}}: requests and connections the listener turned away before any
 * route ran, and {@code mosaic.edge.connections}: the client connections open now. Reasons are a
 * fixed set of words from the gateway, never anything a client sent.
 */
public final class EdgeMeters {

  /** For when metrics are off. */
  public static final EdgeMeters NONE = new EdgeMeters(null, null);

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  private EdgeMeters(MeterRegistry registry, OpenConnections open) {
    this.registry = registry;
    if (registry != null) {
      Gauge.builder("mosaic.edge.connections", open, OpenConnections::count)
          .description("client connections open on the public listener")
          .register(registry);
    }
  }

  public static EdgeMeters of(MeterRegistry registry, OpenConnections open) {
    return registry == null ? NONE : new EdgeMeters(registry, open);
  }

  void refused(String reason) {
    if (registry != null) {
      counters
          .computeIfAbsent(
              reason,
              r ->
                  Counter.builder("mosaic.edge.refused")
                      .tag("reason", r)
                      .description(
                          "requests and connections refused by the listener before routing")
                      .register(registry))
          .increment();
    }
  }
}
