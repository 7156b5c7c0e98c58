package dev.mosaic.gateway.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * sampleRatio without an export decides new traces as the SDK's ratio sampler would with one, so
 * turning the export on changes no sampling decision; a caller's flag is kept whatever the ratio.
 */
class TraceSamplingTest {

  @Test
  void theRatioDecidesAsOpenTelemetrysSamplerDoes() {
    for (double ratio : new double[] {0.0, 0.01, 0.25, 0.5, 0.99, 1.0}) {
      Sampler sdk = Sampler.traceIdRatioBased(ratio);
      int sampled = 0;
      int n = 4000;
      for (int i = 0; i < n; i++) {
        String traceId = TraceContext.newTraceId();
        boolean ours = TraceContext.sampled(traceId, ratio);
        boolean theirs =
            sdk.shouldSample(
                        Context.root(),
                        traceId,
                        "GET /p",
                        SpanKind.SERVER,
                        Attributes.empty(),
                        List.of())
                    .getDecision()
                == SamplingDecision.RECORD_AND_SAMPLE;
        assertEquals(theirs, ours, "ratio " + ratio + ", trace " + traceId);
        sampled += ours ? 1 : 0;
      }
      assertEquals(ratio, sampled / (double) n, 0.03, "the share sampled at ratio " + ratio);
    }
  }

  @Test
  void aCallersFlagIsKeptWhateverTheRatio() {
    MultiMap sampled =
        MultiMap.caseInsensitiveMultiMap()
            .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    MultiMap unsampled =
        MultiMap.caseInsensitiveMultiMap()
            .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    assertTrue(TraceContext.from(sampled, 0.0).sampled());
    assertFalse(TraceContext.from(unsampled, 1.0).sampled());
    assertFalse(TraceContext.from(MultiMap.caseInsensitiveMultiMap(), 0.0).sampled());
    assertTrue(TraceContext.from(MultiMap.caseInsensitiveMultiMap(), 1.0).sampled());
  }
}
