package dev.mosaic.gateway.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The process's Prometheus registry with the JVM's meters.
 *
 * <p>Vert.x's own metrics (vertx-micrometer-metrics) are not installed: Mosaic records every answer
 * by route template ({@link EndpointMeters}), every call by service and outcome, and the service
 * connection pools ({@code mosaic_pool_*}) itself. Vert.x's HTTP client metrics cost each call
 * again for less (10% of an event loop's samples under load, with {@code server.metrics: false}
 * too), and its pool gauges counted one event loop's pool per service.
 */
public final class PrometheusSetup {

  private PrometheusSetup() {}

  public static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // two of Micrometer's system meters break Prometheus naming rules (promtool check metrics):
    // a count that is not a counter, and nanoseconds instead of the base unit; neither is worth
    // that
    registry
        .config()
        .meterFilter(
            MeterFilter.deny(
                id ->
                    id.getName().equals("system.cpu.count")
                        || id.getName().equals("process.cpu.time")));
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    // listens to GC notifications for the life of the process, as the registry does
    new JvmGcMetrics().bindTo(registry);
    BuildInfo.current().register(registry);
    return registry;
  }
}
