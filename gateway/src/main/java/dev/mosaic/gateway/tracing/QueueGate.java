package dev.mosaic.gateway.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * In front of the batch processor: an ended span takes a place in {@link ExportCounts} or is
 * dropped and counted here. The batch processor drops silently when its queue is full; this way no
 * span is lost without a count.
 */
final class QueueGate implements SpanProcessor {

  private final SpanProcessor batches;
  private final ExportCounts counts;

  QueueGate(SpanProcessor batches, ExportCounts counts) {
    this.batches = batches;
    this.counts = counts;
  }

  @Override
  public void onStart(Context parent, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (span.getSpanContext().isSampled() && counts.enqueue()) {
      batches.onEnd(span);
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return batches.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return batches.forceFlush();
  }
}
