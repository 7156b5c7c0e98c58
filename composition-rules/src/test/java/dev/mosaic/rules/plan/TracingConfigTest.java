package dev.mosaic.rules.plan;

import static dev.mosaic.rules.plan.ConfigRejections.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** server.tracing: a boolean as before, or a mapping with sampling and OTLP export. */
class TracingConfigTest {

  private static final String REST =
      """
      services:
        catalog: { urls: [http://127.0.0.1:9101] }
      endpoints:
        GET /p: { calls: { a: { service: catalog, path: /p } } }
      """;

  private static GatewayPlan compile(String server) throws Exception {
    return PlanCompiler.compile("t.yaml", server + REST);
  }

  @Test
  void aBooleanStillWorksAndExportsNothing() throws Exception {
    GatewayPlan on = compile("");
    assertTrue(on.server().tracing());
    assertEquals(TracingSettings.DEFAULTS, on.tracing());
    GatewayPlan off = compile("server: { tracing: false }\n");
    assertFalse(off.server().tracing());
    assertNull(off.tracing().otlp());
  }

  private static List<String> warnings(String server) throws Exception {
    return RiskySettings.find("t.yaml", server + REST, name -> null, compile(server)).stream()
        .map(Object::toString)
        .toList();
  }

  @Test
  void checkWarnsAboutAnExportOfEveryTraceWhereTheRatioIsOrWouldBe() throws Exception {
    String otlp = "    otlp: { endpoint: http://127.0.0.1:4318/v1/traces }\n";
    List<String> byDefault = warnings("server:\n  tracing:\n" + otlp);
    assertEquals(1, byDefault.size(), byDefault.toString());
    assertTrue(
        byDefault.get(0).startsWith("t.yaml:3:5: warning: every new trace is sampled and exported"),
        byDefault.get(0));
    List<String> written = warnings("server:\n  tracing:\n    sampleRatio: 1\n" + otlp);
    assertEquals(1, written.size(), written.toString());
    assertTrue(written.get(0).startsWith("t.yaml:3:18: warning:"), written.get(0));
    assertEquals(List.of(), warnings("server:\n  tracing:\n    sampleRatio: 0.1\n" + otlp));
    assertEquals(
        List.of(), warnings("server:\n  tracing: { sampleRatio: 1 }\n"), "nothing exported");
  }

  @Test
  void aMappingTurnsTracingOnWithItsExport() throws Exception {
    GatewayPlan plan =
        compile(
            """
            server:
              tracing:
                sampleRatio: 0.25
                serviceName: edge
                otlp:
                  endpoint: http://127.0.0.1:4318/v1/traces
                  timeout: 2s
                  headers: { x-api-key: k }
                  batchDelay: 100ms
                  queueSize: 100
            """);
    assertTrue(plan.server().tracing());
    TracingSettings tracing = plan.tracing();
    assertEquals(0.25, tracing.sampleRatio());
    assertEquals("edge", tracing.serviceName());
    assertEquals(
        new TracingSettings.Otlp(
            "http://127.0.0.1:4318/v1/traces",
            Duration.ofSeconds(2),
            Map.of("x-api-key", "k"),
            Duration.ofMillis(100),
            100),
        tracing.otlp());
    assertFalse(tracing.otlp().toString().contains("=k"), "header values are not printed");
  }

  @Test
  void defaultsOfTheExport() throws Exception {
    TracingSettings tracing =
        compile(
                "server: { tracing: { otlp: { endpoint: 'https://otel.example:4318/v1/traces' } } }\n")
            .tracing();
    assertEquals(1.0, tracing.sampleRatio());
    assertEquals("mosaic", tracing.serviceName());
    assertEquals(TracingSettings.Otlp.DEFAULT_TIMEOUT, tracing.otlp().timeout());
    assertEquals(TracingSettings.Otlp.DEFAULT_BATCH_DELAY, tracing.otlp().batchDelay());
    assertEquals(2048, tracing.otlp().queueSize());
  }

  @Test
  void aCollectorsBaseUrlMeansItsTracesPath() throws Exception {
    assertEquals(
        "http://127.0.0.1:4318/v1/traces",
        compile("server: { tracing: { otlp: { endpoint: 'http://127.0.0.1:4318' } } }\n")
            .tracing()
            .otlp()
            .endpoint());
    assertEquals(
        "http://127.0.0.1:4318/v1/traces",
        compile("server: { tracing: { otlp: { endpoint: 'http://127.0.0.1:4318/' } } }\n")
            .tracing()
            .otlp()
            .endpoint());
    assertEquals(
        "http://127.0.0.1:4318/otlp/traces",
        compile(
                "server: { tracing: { otlp: { endpoint: 'http://127.0.0.1:4318/otlp/traces' } } }\n")
            .tracing()
            .otlp()
            .endpoint());
  }

  @Test
  void aRatioOutsideZeroToOneIsRefused() {
    rejects("server:\n  tracing: { sampleRatio: 1.5 }\n" + REST, 2, 27, "out of range");
    rejects("server:\n  tracing:\n    sampleRatio: -0.1\n" + REST, 3, 18);
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsRefused() {
    rejects(
        "server:\n  tracing:\n    otlp:\n      endpoint: 127.0.0.1:4318\n" + REST,
        4,
        17,
        "not an http(s) URL");
    rejects(
        "server:\n  tracing:\n    otlp:\n      endpoint: grpc://u:secret@127.0.0.1:4317\n" + REST,
        4,
        17,
        "not an http(s) URL",
        "//***@");
  }

  @Test
  void unknownKeysAndAMissingEndpointAreRefused() {
    rejects("server:\n  tracing:\n    ratio: 0.5\n" + REST, 3, 5, "ratio");
    rejects(
        "server:\n  tracing:\n    otlp:\n      endpoint: http://127.0.0.1:4318\n      protocol: grpc\n"
            + REST,
        5,
        7,
        "protocol");
    rejects("server:\n  tracing:\n    otlp: { timeout: 2s }\n" + REST, 3, 11, "endpoint");
    rejects(
        "server:\n  tracing:\n    otlp:\n      endpoint: http://127.0.0.1:4318\n      timeout: soon\n"
            + REST,
        5,
        16);
  }
}
