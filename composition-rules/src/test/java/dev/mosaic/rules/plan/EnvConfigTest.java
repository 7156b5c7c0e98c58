package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ${env:NAME}} and {@code ${env:NAME:-default}} in config values: typed as YAML would type
 * the value, refused at the reference's position when unset, never for credentials.
 */
class EnvConfigTest {

  private static final String CONFIG =
      """
      server:
        host: 127.0.0.1
        port: ${env:MOSAIC_PORT}
        instances: ${env:MOSAIC_LOOPS:-2}
      cache: { redis: "${env:MOSAIC_REDIS:-redis://127.0.0.1:6379}", maxBytes: "${env:MOSAIC_CACHE:-16MB}" }
      services:
        catalog: { urls: ["http://${env:CATALOG_HOST}:9101"] }
      endpoints:
        GET /p/{id}:
          calls:
            p: { service: catalog, path: "/products/${path.id}" }
      """;

  private static GatewayPlan compile(String yaml, Map<String, String> env) throws Exception {
    return PlanCompiler.compile("t.yaml", yaml, Path.of("."), env::get);
  }

  @Test
  void referencesAreResolvedAndTypedAsTheirValues() throws Exception {
    GatewayPlan plan =
        compile(
            CONFIG,
            Map.of("MOSAIC_PORT", "9000", "CATALOG_HOST", "catalog.internal", "MOSAIC_LOOPS", "3"));
    assertEquals(9000, plan.server().port());
    assertEquals(3, plan.server().instances());
    assertEquals("redis://127.0.0.1:6379", plan.cache().redisUrl(), "the default");
    assertEquals(16L * 1024 * 1024, plan.cache().maxBytes());
    assertEquals("catalog.internal", plan.services().get("catalog").instances().get(0).host());
  }

  @Test
  void anUnsetVariableWithoutADefaultIsRefusedWhereItIsReferenced() {
    ConfigRejections.rejects(
        CONFIG
            .replace("${env:MOSAIC_PORT}", "${env:MOSAIC_TEST_SURELY_UNSET}")
            .replace("${env:CATALOG_HOST}", "127.0.0.1"),
        3,
        9,
        "environment variable MOSAIC_TEST_SURELY_UNSET is not set",
        "${env:MOSAIC_TEST_SURELY_UNSET:-value}");
  }

  @Test
  void aMalformedReferenceIsRefused() {
    ConfigRejections.rejects(
        """
        services:
          catalog: { urls: ["http://${env:}:9101"] }
        endpoints:
          GET /p:
            calls: { p: { service: catalog, path: /p } }
        """,
        2,
        29,
        "not an environment reference");
  }

  @Test
  void aCredentialFromTheEnvironmentIsRefusedWithAPointerToSecrets() {
    ConfigRejections.rejects(
        """
        services:
          catalog: { urls: ["http://127.0.0.1:9101"] }
        endpoints:
          GET /p:
            calls:
              p: { service: catalog, path: /p, headers: { Authorization: "Bearer ${env:TOKEN:-x}" } }
        """,
        6,
        66,
        "'Authorization' holds a credential",
        "${secret:name}");
  }
}
