package dev.mosaic.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;

/**
 * A sampled span as the gateway records it: its ids (already made for the traceparent), its times,
 * and its attributes as plain key and value pairs, handed whole to the SDK's batch processor and
 * OTLP exporter once ended. The SDK's own span did more on the event loop than a gateway needs: ids
 * made and checked again, an attribute map with limits, a lock per change, a copy at the end. Here
 * the loop only stores; the export thread builds the SDK's {@link Attributes} when it reads the
 * span.
 *
 * <p>Confined to the request's event loop, which records and ends it (calls, retries and hedges all
 * run there): no lock. Once ended it never changes, and the batch processor's queue publishes it to
 * the export thread.
 */
final class RecordedSpan implements ReadableSpan, SpanData {

  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  /** When this span's trace started, so that its spans' times agree with each other. */
  record Clock(long epochNanos, long nanoTime) {

    static Clock now() {
      return new Clock(
          java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()),
          System.nanoTime());
    }

    long epochNanos(long nanoTimeThen) {
      return epochNanos + (nanoTimeThen - nanoTime);
    }
  }

  private final Exporting exporting;
  private final String name;
  private final SpanKind kind;
  private final SpanContext context;
  private final String parentSpanId;
  private final boolean remoteParent;
  private final Clock clock;
  private final long startNanos;
  private Object[] attributes = new Object[16];
  private int attributeCount;
  private List<EventData> events;
  private boolean error;
  private long status = -1;
  private long endNanos;
  private boolean ended;
  private SpanContext parentContext;

  /** What every span of one export shares: where they go and what they say they come from. */
  record Exporting(QueueGate gate, Resource resource, InstrumentationScopeInfo scope) {}

  /**
   * @param parentSpanId the parent's span id, or null for a root
   * @param remoteParent whether the parent came from the client's traceparent
   */
  RecordedSpan(
      Exporting exporting,
      String name,
      SpanKind kind,
      String traceId,
      String spanId,
      String parentSpanId,
      boolean remoteParent,
      Clock clock) {
    this.exporting = exporting;
    this.name = name;
    this.kind = kind;
    this.context = new KnownSpanContext(traceId, spanId, false);
    this.parentSpanId = parentSpanId;
    this.remoteParent = remoteParent;
    this.clock = clock;
    this.startNanos = System.nanoTime();
  }

  String traceId() {
    return context.getTraceId();
  }

  String spanId() {
    return context.getSpanId();
  }

  Clock clock() {
    return clock;
  }

  <T> void put(AttributeKey<T> key, T value) {
    if (ended || value == null) {
      return;
    }
    for (int i = 0; i < attributeCount * 2; i += 2) {
      if (attributes[i] == key) { // the keys are the gateway's constants
        attributes[i + 1] = value; // set again: the last value wins, as on an SDK span
        return;
      }
    }
    if (attributeCount * 2 == attributes.length) {
      attributes = java.util.Arrays.copyOf(attributes, attributes.length * 2);
    }
    attributes[attributeCount * 2] = key;
    attributes[attributeCount * 2 + 1] = value;
    attributeCount++;
  }

  void event(String eventName, Attributes eventAttributes, long atNanoTime) {
    if (ended) {
      return;
    }
    if (events == null) {
      events = new ArrayList<>(4);
    }
    events.add(EventData.create(clock.epochNanos(atNanoTime), eventName, eventAttributes));
  }

  void event(String eventName, Attributes eventAttributes) {
    event(eventName, eventAttributes, System.nanoTime());
  }

  /** When the span started, on {@link System#nanoTime()}'s scale. */
  long startNanoTime() {
    return startNanos;
  }

  /**
   * The HTTP status the span ended with ({@code http.response.status_code}). A field, not a pair:
   * it is set as the span ends, long after the request began, when the pairs' array is no longer in
   * the loop's cache (a profile put a tenth of the export's loop time on that one store).
   */
  void status(long code) {
    if (!ended) {
      status = code;
    }
  }

  void error() {
    if (!ended) {
      error = true;
    }
  }

  /** Ends the span and queues it for export (or counts it dropped); later changes are ignored. */
  void end() {
    if (ended) {
      return;
    }
    endNanos = System.nanoTime();
    ended = true;
    exporting.gate().onEnd(this);
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public SpanContext getParentSpanContext() {
    if (parentContext == null) { // made once: the encoder asks for it six times per span
      parentContext =
          parentSpanId == null
              ? SpanContext.getInvalid()
              : new KnownSpanContext(context.getTraceId(), parentSpanId, remoteParent);
    }
    return parentContext;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public SpanData toSpanData() {
    return this;
  }

  @Override
  @Deprecated
  @SuppressWarnings("deprecation") // the interfaces still declare it
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(
        exporting.scope().getName(), exporting.scope().getVersion());
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return exporting.scope();
  }

  @Override
  public boolean hasEnded() {
    return ended;
  }

  @Override
  public long getLatencyNanos() {
    return (ended ? endNanos : System.nanoTime()) - startNanos;
  }

  @Override
  public SpanKind getKind() {
    return kind;
  }

  @Override
  public <T> T getAttribute(AttributeKey<T> key) {
    // read at once, on the thread that records: a view of the live pairs is enough
    return new RecordedAttributes(attributes, attributeCount, status).get(key);
  }

  /**
   * A view once the span has ended (the encoder asks twice per pass); a copy before, while the span
   * may still change.
   */
  @Override
  public Attributes getAttributes() {
    return new RecordedAttributes(
        ended ? attributes : java.util.Arrays.copyOf(attributes, attributeCount * 2),
        attributeCount,
        status);
  }

  @Override
  public StatusData getStatus() {
    return error ? StatusData.create(StatusCode.ERROR, "") : StatusData.unset();
  }

  @Override
  public long getStartEpochNanos() {
    return clock.epochNanos(startNanos);
  }

  @Override
  public List<EventData> getEvents() {
    if (events == null) {
      return List.of();
    }
    return ended ? java.util.Collections.unmodifiableList(events) : List.copyOf(events);
  }

  @Override
  public List<LinkData> getLinks() {
    return List.of();
  }

  @Override
  public long getEndEpochNanos() {
    return clock.epochNanos(endNanos);
  }

  @Override
  public int getTotalRecordedEvents() {
    return events == null ? 0 : events.size();
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributeCount + (status >= 0 ? 1 : 0);
  }

  @Override
  public Resource getResource() {
    return exporting.resource();
  }
}
