package dev.mosaic.gateway.tracing;

import dev.mosaic.gateway.logging.ThrottledWarning;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of the spans handed to the export: exported, or dropped because the export failed
 * (the collector unreachable, slow past the time limit, or refusing) or because the queue was full.
 * Published as {@code mosaic_tracing_spans_exported_total} and {@code
 * mosaic_tracing_spans_dropped_total{reason}}; a drop is logged at most every 10 s.
 */
public final class ExportCounts {

  private static final Logger LOG = LoggerFactory.getLogger(ExportCounts.class);

  static final String EXPORT_FAILED = "export_failed";
  static final String QUEUE_FULL = "queue_full";

  private final int capacity;
  private final String endpoint;
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder exported = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder full = new LongAdder();
  private final ThrottledWarning failures =
      new ThrottledWarning(10, TimeUnit.SECONDS, System::nanoTime);
  private final ThrottledWarning overflows =
      new ThrottledWarning(10, TimeUnit.SECONDS, System::nanoTime);

  ExportCounts(int capacity, String endpoint, MeterRegistry registry) {
    this.capacity = capacity;
    this.endpoint = endpoint.replaceAll("//[^@/]*@", "//***@"); // logged: no credentials
    if (registry != null) {
      FunctionCounter.builder("mosaic.tracing.spans.exported", exported, LongAdder::sum)
          .description("Spans the OTLP collector accepted")
          .register(registry);
      FunctionCounter.builder("mosaic.tracing.spans.dropped", failed, LongAdder::sum)
          .tag("reason", EXPORT_FAILED)
          .description("Spans not exported: the export failed, or the queue was full")
          .register(registry);
      FunctionCounter.builder("mosaic.tracing.spans.dropped", full, LongAdder::sum)
          .tag("reason", QUEUE_FULL)
          .description("Spans not exported: the export failed, or the queue was full")
          .register(registry);
    }
  }

  /**
   * Takes a place in the queue for an ended span, or counts it dropped. The count runs ahead of the
   * batch processor's own queue (a place is freed only when its batch is handed to the exporter),
   * so the processor itself never drops a span uncounted.
   */
  boolean enqueue() {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      full.increment();
      long n = overflows.occurred();
      if (n > 0) {
        LOG.warn(
            "tracing: {} span(s) dropped in the last {} s, the export queue ({}) being full",
            n,
            overflows.intervalSeconds(),
            capacity);
      }
      return false;
    }
    return true;
  }

  /** A batch left the queue for the exporter. */
  void taken(int spans) {
    queued.addAndGet(-spans);
  }

  void exported(int spans) {
    exported.add(spans);
  }

  void failed(int spans, String why) {
    failed.add(spans);
    long n = failures.occurred();
    if (n > 0) {
      LOG.warn(
          "tracing: {} export(s) to {} failed in the last {} s, their spans dropped: {}",
          n,
          endpoint,
          failures.intervalSeconds(),
          why);
    }
  }

  public long exported() {
    return exported.sum();
  }

  public long dropped() {
    return failed.sum() + full.sum();
  }
}
