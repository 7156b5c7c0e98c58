package dev.mosaic.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The SDK's random ids, except that a new trace's SERVER span takes the trace id the gateway chose
 * for it: the sampling decision was made on that id before the SDK was asked for anything, so that
 * an unsampled request never builds an SDK span at all. The SDK asks for a trace id only while a
 * root span starts, on the starting thread; {@link #start} hands it over for exactly that call.
 */
final class ChosenTraceIds implements IdGenerator {

  private static final IdGenerator RANDOM = IdGenerator.random();

  private final ThreadLocal<String> chosen = new ThreadLocal<>();

  /** Starts the root span {@code builder} describes in trace {@code traceId}. */
  Span start(SpanBuilder builder, String traceId) {
    chosen.set(traceId);
    try {
      return builder.startSpan();
    } finally {
      chosen.set(null);
    }
  }

  @Override
  public String generateSpanId() {
    return RANDOM.generateSpanId();
  }

  @Override
  public String generateTraceId() {
    String traceId = chosen.get();
    return traceId != null ? traceId : RANDOM.generateTraceId();
  }
}
