package dev.mosaic.gateway.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * In front of the batch processor: an ended span takes a place in {@link ExportCounts} or is
 * dropped and counted here. The batch processor drops silently when its queue is full; this way no
 * span is lost without a count.
 */
final class QueueGate {

  private final SpanProcessor batches;
  private final ExportCounts counts;

  QueueGate(SpanProcessor batches, ExportCounts counts) {
    this.batches = batches;
    this.counts = counts;
  }

  /** An ended span: queued for export, or dropped and counted. */
  void onEnd(RecordedSpan span) {
    if (counts.enqueue()) {
      batches.onEnd(span);
    }
  }

  /** Sends what is queued, within the exporter's time limit, and stops. */
  CompletableResultCode shutdown() {
    return batches.shutdown();
  }
}
