package dev.mosaic.gateway.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * A sampled span's context with ids known to be valid: made by the gateway, or read from a
 * traceparent {@link TraceContext} checked. The SDK's factory checks every id again, digit by
 * digit, and the batch processor asks for the context of each span it queues, on the event loop.
 */
final class KnownSpanContext implements SpanContext {

  private final String traceId;
  private final String spanId;
  private final boolean remote;

  KnownSpanContext(String traceId, String spanId, boolean remote) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.remote = remote;
  }

  @Override
  public String getTraceId() {
    return traceId;
  }

  @Override
  public String getSpanId() {
    return spanId;
  }

  @Override
  public TraceFlags getTraceFlags() {
    return TraceFlags.getSampled();
  }

  @Override
  public TraceState getTraceState() {
    return TraceState.getDefault();
  }

  @Override
  public boolean isValid() {
    return true;
  }

  @Override
  public boolean isRemote() {
    return remote;
  }

  @Override
  public String toString() {
    return traceId + "-" + spanId + (remote ? " (remote)" : "");
  }
}
