package dev.mosaic.gateway.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the SDK's exporter reads of a span the gateway recorded itself. The end-to-end export (ids
 * against the traceparents the services received, attributes, events, drops) is SpanExportTest's;
 * these are the rules of the record: the last value of an attribute wins, nothing changes after the
 * end, and an ended span is handed over once.
 */
class RecordedSpanTest {

  private static final AttributeKey<String> NAME = AttributeKey.stringKey("name");
  private static final AttributeKey<Long> COUNT = AttributeKey.longKey("count");

  /** The batch processor's place: what it was handed. */
  private static final class Handed implements SpanProcessor {
    final List<ReadableSpan> spans = new ArrayList<>();

    @Override
    public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      spans.add(span);
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private final Handed handed = new Handed();
  private final ExportCounts counts = new ExportCounts(2, "http://127.0.0.1:1/v1/traces", null);
  private final RecordedSpan.Exporting exporting =
      new RecordedSpan.Exporting(
          new QueueGate(handed, counts),
          Resource.empty(),
          InstrumentationScopeInfo.create("dev.mosaic.gateway"));

  private RecordedSpan span(String parent, boolean remote) {
    return new RecordedSpan(
        exporting,
        "GET /x",
        SpanKind.SERVER,
        "4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7",
        parent,
        remote,
        RecordedSpan.Clock.now());
  }

  @Test
  void whatTheExporterReadsIsWhatWasRecordedAndTheLastValueOfAnAttributeWins() {
    RecordedSpan span = span("a3ce929d0e0e4736", true);
    span.put(NAME, "first");
    span.put(COUNT, 3L);
    span.put(NAME, "second");
    span.status(502);
    span.event("retry", Attributes.of(NAME, "503"));
    span.error();
    span.end();

    SpanData data = handed.spans.get(0).toSpanData();
    assertEquals(
        Attributes.of(NAME, "second", COUNT, 3L, RecordedSpan.STATUS, 502L).asMap(),
        data.getAttributes().asMap());
    assertEquals(3, data.getTotalAttributeCount());
    assertEquals(502L, handed.spans.get(0).getAttribute(RecordedSpan.STATUS));
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", data.getTraceId());
    assertEquals("00f067aa0ba902b7", data.getSpanId());
    assertTrue(data.getSpanContext().isSampled());
    assertEquals("a3ce929d0e0e4736", data.getParentSpanId());
    assertTrue(data.getParentSpanContext().isRemote(), "the client's span");
    assertEquals(StatusCode.ERROR, data.getStatus().getStatusCode());
    assertEquals("retry", data.getEvents().get(0).getName());
    assertTrue(data.getStartEpochNanos() <= data.getEvents().get(0).getEpochNanos());
    assertTrue(data.getEvents().get(0).getEpochNanos() <= data.getEndEpochNanos());
    assertTrue(data.hasEnded());
  }

  @Test
  void theExportersAttributesReadLikeTheSdks() {
    RecordedSpan span = span(null, false);
    span.put(NAME, "first");
    span.put(COUNT, 7L);
    span.status(200);
    span.end();

    Attributes read = handed.spans.get(0).toSpanData().getAttributes();
    Attributes sdk = Attributes.of(NAME, "first", COUNT, 7L, RecordedSpan.STATUS, 200L);
    assertEquals(3, read.size());
    assertEquals("first", read.get(AttributeKey.stringKey("name")), "a key equal, not the same");
    assertEquals(200L, read.get(RecordedSpan.STATUS));
    assertEquals(null, read.get(AttributeKey.stringKey("absent")));
    assertTrue(read.equals(sdk));
    assertEquals(sdk, read.toBuilder().build());
    List<String> order = new ArrayList<>();
    read.forEach((key, value) -> order.add(key.getKey() + "=" + value));
    assertEquals(List.of("name=first", "count=7", "http.response.status_code=200"), order);
  }

  @Test
  void nothingChangesAfterTheEndAndTheSpanIsHandedOverOnce() {
    RecordedSpan span = span(null, false);
    span.put(NAME, "kept");
    span.end();
    span.put(NAME, "late");
    span.status(200);
    span.event("late", Attributes.empty());
    span.error();
    span.end();

    assertEquals(1, handed.spans.size());
    SpanData data = handed.spans.get(0).toSpanData();
    assertEquals(Attributes.of(NAME, "kept").asMap(), data.getAttributes().asMap());
    assertEquals(List.of(), data.getEvents());
    assertFalse(data.getParentSpanContext().isValid(), "a root");
  }

  @Test
  void aSpanPastTheQueuesSizeIsCountedDroppedNotHanded() {
    for (int i = 0; i < 3; i++) {
      span(null, false).end();
    }
    assertEquals(2, handed.spans.size(), "the queue holds 2");
    assertEquals(1, counts.dropped());
  }
}
