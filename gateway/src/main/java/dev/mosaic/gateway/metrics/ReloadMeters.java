package dev.mosaic.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** Config reloads by result, and which generation of the config is serving. */
public final class ReloadMeters {

  private final Counter applied;
  private final Counter rejected;
  private final AtomicLong generation = new AtomicLong(1);

  public ReloadMeters(MeterRegistry registry) {
    applied = counter(registry, "applied");
    rejected = counter(registry, "rejected");
    Gauge.builder("mosaic.config.generation", generation, AtomicLong::get)
        .description("the running config's generation: 1 at start, +1 per applied reload")
        .register(registry);
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder("mosaic.config.reloads")
        .description("config reloads by result")
        .tags("result", result)
        .register(registry);
  }

  public void applied(long newGeneration) {
    applied.increment();
    generation.set(newGeneration);
  }

  public void rejected() {
    rejected.increment();
  }
}
