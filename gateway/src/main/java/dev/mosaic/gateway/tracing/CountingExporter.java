package dev.mosaic.gateway.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** The OTLP exporter, counting each batch's spans as exported or dropped. */
final class CountingExporter implements SpanExporter {

  private final SpanExporter exporter;
  private final ExportCounts counts;

  CountingExporter(SpanExporter exporter, ExportCounts counts) {
    this.exporter = exporter;
    this.counts = counts;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    counts.taken(n);
    CompletableResultCode result;
    try {
      result = exporter.export(spans);
    } catch (RuntimeException e) {
      counts.failed(n, e.toString());
      return CompletableResultCode.ofFailure();
    }
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            counts.exported(n);
          } else {
            Throwable why = result.getFailureThrowable();
            counts.failed(
                n,
                why == null
                    ? "the collector refused the batch or did not answer in time"
                    : why.toString());
          }
        });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return exporter.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return exporter.shutdown();
  }
}
