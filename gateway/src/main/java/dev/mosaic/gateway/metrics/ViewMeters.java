package dev.mosaic.gateway.metrics;

import dev.mosaic.gateway.event.ConsumerProgress;
import dev.mosaic.gateway.view.Views;
import dev.mosaic.rules.plan.EndpointPlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read views and the change events behind them: per view endpoint, its reads by where the answer
 * came from; per process, background recompositions, events applied and malformed, and how far the
 * consumer lags.
 */
public final class ViewMeters {

  /** Where a view endpoint's answer came from. */
  public enum Read {
    /** This process's view, fresh. */
    HIT,
    /** This process's view, stale for less than maxLag while its refresh runs. */
    STALE,
    /** The shared store's view (another gateway's, or from before a restart). */
    SHARED,
    /** Composed live: no view yet. */
    LIVE_MISS,
    /** Composed live: the consumer lags more than maxLag, or has not caught up since start. */
    LIVE_LAGGING,
    /** Composed live: the client's minimum version was not reached in time. */
    LIVE_VERSION,
    /** Composed live: the view was stale for longer than maxLag, or older than the version. */
    LIVE_STALE;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private final Map<Read, Counter> reads = new EnumMap<>(Read.class);

  /** Meters of one view endpoint's reads, registered once. */
  public ViewMeters(MeterRegistry registry, EndpointPlan endpoint) {
    for (Read read : Read.values()) {
      reads.put(
          read,
          Counter.builder("mosaic.view.reads")
              .description("reads of a view endpoint, by where the answer came from")
              .tags(
                  "route",
                  endpoint.routePath(),
                  "method",
                  endpoint.method(),
                  "result",
                  read.label())
              .register(registry));
    }
  }

  public void read(Read read) {
    reads.get(read).increment();
  }

  /**
   * Background recompositions, by route and outcome (fresh, incomplete, failed), and how long after
   * an event its views were fresh again.
   */
  public static Views.Observer refreshes(MeterRegistry registry) {
    return new Views.Observer() {
      @Override
      public void refreshed(String route, String outcome, long nanos) {
        Timer.builder("mosaic.view.refresh.duration")
            .description("background recompositions of views, by outcome")
            .tags("route", path(route), "method", method(route), "outcome", outcome)
            .serviceLevelObjectives(Latency.BUCKETS)
            .register(registry)
            .record(nanos, TimeUnit.NANOSECONDS);
      }

      @Override
      public void caughtUp(String route, long millis) {
        Timer.builder("mosaic.view.staleness")
            .description(
                "from a change event's append to its views being fresh again (event lag, queue,"
                    + " recomposition)")
            .tags("route", path(route), "method", method(route))
            .serviceLevelObjectives(Latency.BUCKETS)
            .register(registry)
            .record(Math.max(0, millis), TimeUnit.MILLISECONDS);
      }
    };
  }

  /** "GET" of "GET /products/{id}". */
  private static String method(String route) {
    return route.substring(0, Math.max(0, route.indexOf(' ')));
  }

  /** "/products/{id}" of "GET /products/{id}". */
  private static String path(String route) {
    return route.substring(route.indexOf(' ') + 1);
  }

  /** The consumer's lag and what it applied. */
  public static void bindEvents(
      MeterRegistry registry, ConsumerProgress progress, AtomicLong applied, AtomicLong malformed) {
    Gauge.builder("mosaic.events.lag.seconds", progress, p -> p.lagMillis() / 1000.0)
        .description(
            "how far this gateway is behind the event stream: age of the oldest entry not yet applied")
        .register(registry);
    Gauge.builder("mosaic.events.lag.entries", progress, ConsumerProgress::lagEntries)
        .description("entries of the event stream this gateway has not applied yet")
        .register(registry);
    FunctionCounter.builder("mosaic.events.applied", applied, AtomicLong::get)
        .description("change events applied (views marked, cache entries dropped)")
        .register(registry);
    FunctionCounter.builder("mosaic.events.malformed", malformed, AtomicLong::get)
        .description("stream entries that were no change event: skipped and acknowledged")
        .register(registry);
  }
}
