package dev.mosaic.gateway.tracing;

import dev.mosaic.rules.plan.TracingSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The process's span export ({@code server.tracing.otlp}): the gateway records its sampled spans
 * itself ({@link RecordedSpan}) and hands them, ended, to the OpenTelemetry SDK's batch processor,
 * which writes OTLP/HTTP protobuf on its own thread through the SDK's exporter, posted by the
 * gateway's Vert.x HTTP client ({@link VertxHttpSender}). Nothing here runs when no export is
 * configured: the gateway then keeps only {@link TraceContext}.
 *
 * <p>Why not the SDK's tracer: the sampling decision and the ids are made by the gateway anyway
 * (for the traceparent of every call, exported or not); the SDK's spans made them again, kept
 * attributes in maps with limits and took a lock per change (benchmarks/tracing.sh at ratio 1: +20
 * µs of CPU per request with them, +15.7 µs without, on two machines of one size).
 *
 * <p>No event loop ever waits on it: an ended span is queued (or dropped and counted when the queue
 * is full), and the exporter's HTTP client runs on its own threads.
 */
public final class SpanExport {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  /**
   * The exporter logs every failed batch through java.util.logging on its own; {@link ExportCounts}
   * warns at most every 10 s instead. Held here: JUL keeps loggers weakly.
   */
  private static final Logger EXPORTER_LOG =
      Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter");

  private final TracingSettings settings;
  private final RecordedSpan.Exporting exporting;
  private final ExportCounts counts;

  private SpanExport(
      TracingSettings settings, RecordedSpan.Exporting exporting, ExportCounts counts) {
    this.settings = settings;
    this.exporting = exporting;
    this.counts = counts;
  }

  /**
   * @param registry where the export's counts are published, or null when metrics are off
   * @return null when {@code settings} exports nothing
   */
  public static SpanExport start(Vertx vertx, TracingSettings settings, MeterRegistry registry) {
    TracingSettings.Otlp otlp = settings.otlp();
    if (otlp == null) {
      return null;
    }
    EXPORTER_LOG.setLevel(Level.OFF);
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(otlp.endpoint())
            .setTimeout(otlp.timeout())
            .setConnectTimeout(otlp.timeout())
            // a failed batch is dropped and counted; the next batch tries again. The SDK's retries
            // would hold the export thread for seconds while the queue fills behind it
            .setRetryPolicy(null)
            // one export at a time (the batch processor's thread): its buffers can be reused
            .setMemoryMode(MemoryMode.REUSABLE_DATA)
            .setComponentLoader(new VertxSenderLoader(vertx));
    otlp.headers().forEach(exporter::addHeader);
    ExportCounts counts = new ExportCounts(otlp.queueSize(), otlp.endpoint(), registry);
    BatchSpanProcessor batches =
        BatchSpanProcessor.builder(new CountingExporter(exporter.build(), counts))
            .setScheduleDelay(otlp.batchDelay())
            .setExporterTimeout(otlp.timeout())
            .setMaxQueueSize(otlp.queueSize())
            .setMaxExportBatchSize(Math.min(512, otlp.queueSize()))
            .build();
    Resource resource =
        Resource.getDefault()
            .merge(Resource.create(Attributes.of(SERVICE_NAME, settings.serviceName())));
    return new SpanExport(
        settings,
        new RecordedSpan.Exporting(
            new QueueGate(batches, counts),
            resource,
            InstrumentationScopeInfo.create("dev.mosaic.gateway")),
        counts);
  }

  public TracingSettings settings() {
    return settings;
  }

  /**
   * A request's SERVER span, continuing the client's trace when it sent a valid one (its sampled
   * flag decides); a new trace is sampled by the configured ratio, decided from the trace id by the
   * rule of OpenTelemetry's TraceIdRatioBased sampler. An unsampled request gets ids and nothing
   * else: its calls carry flag 00.
   *
   * @param name the span's name: the method and route template, or the method alone
   */
  public RequestSpan server(MultiMap headers, String name) {
    TraceContext decided = TraceContext.from(headers, settings.sampleRatio());
    if (!decided.sampled()) {
      return RequestSpan.unsampled(decided);
    }
    String parent = TraceContext.continued(headers);
    return RequestSpan.sampled(
        exporting, name, decided, parent == null ? null : parent.substring(36, 52));
  }

  /** Ends the export after sending what is queued, within the exporter's time limit. */
  public Future<Void> shutdown() {
    Promise<Void> done = Promise.promise();
    // the SDK completes on its export thread; the caller's callbacks belong on its own context
    io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
    exporting
        .gate()
        .shutdown()
        .whenComplete(
            () -> {
              if (caller == null) {
                done.tryComplete();
              } else {
                caller.runOnContext(v -> done.tryComplete());
              }
            });
    return done.future();
  }

  /** What became of the spans: the numbers the metrics publish, also without metrics. */
  public ExportCounts counts() {
    return counts;
  }
}
