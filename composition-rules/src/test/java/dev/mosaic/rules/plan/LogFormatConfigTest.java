package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * server.logFormat: text by default, json on request, anything else refused where it is written.
 */
class LogFormatConfigTest {

  private static final String SERVICES =
      """
      services:
        catalog: { urls: [http://127.0.0.1:9101] }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
      """;

  @Test
  void textUnlessJsonIsAskedFor() throws Exception {
    assertFalse(PlanCompiler.compile("t.yaml", SERVICES).lifecycle().jsonLogs());
    assertTrue(
        PlanCompiler.compile("t.yaml", "server: { logFormat: json }\n" + SERVICES)
            .lifecycle()
            .jsonLogs());
    assertFalse(
        PlanCompiler.compile("t.yaml", "server: { logFormat: text }\n" + SERVICES)
            .lifecycle()
            .jsonLogs());
  }

  @Test
  void anyOtherFormatIsRefusedAtItsPosition() {
    ConfigRejections.rejects(
        "server:\n  logFormat: logfmt\n" + SERVICES, 2, 14, "logFormat", "text", "json");
  }
}
