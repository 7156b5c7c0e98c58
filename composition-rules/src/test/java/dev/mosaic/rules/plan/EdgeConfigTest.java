package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** server.limits, server.trustedProxies, and which header names an endpoint may read or pass on. */
class EdgeConfigTest {

  private static final String SERVICES =
      """
      services:
        catalog: { urls: [http://127.0.0.1:9101] }
      """;

  private static void rejects(String yaml, int line, int column, String... fragments) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> PlanCompiler.compile("t.yaml", yaml));
    List<ConfigProblem> found = e.problems();
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), "expected one problem, got:\n" + all);
    assertEquals("t.yaml:" + line + ":" + column, found.get(0).position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(found.get(0).message().contains(fragment), "'" + fragment + "' not in: " + all);
    }
  }

  @Test
  void limitsAndProxiesAreRead() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            """
        server:
          trustedProxies: [10.0.0.0/8, "::1"]
          limits: { maxHeaderSize: 16KB, maxUrlLength: 2048, maxConnections: 500, headerTimeout: 2s,
                    keepAliveTimeout: 5s, bodyTimeout: 20s, idleTimeout: 30s, maxConcurrentStreams: 50 }
        """
                + SERVICES
                + """
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """);
    EdgeSettings edge = plan.server().edge();
    assertEquals(
        new EdgeSettings(
            16 * 1024,
            2048,
            500,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            false,
            50,
            List.of(AddressBlock.parse("10.0.0.0/8"), AddressBlock.parse("::1"))),
        edge);
  }

  @Test
  void withoutLimitsTheDefaultsHold() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """);
    assertEquals(EdgeSettings.DEFAULTS, plan.server().edge());
  }

  @Test
  void aTrustedProxyMustBeAnAddressNotAName() {
    rejects(
        """
        server:
          trustedProxies: [10.0.0.0/8, proxy.internal]
        """
            + SERVICES
            + """
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """,
        2,
        32,
        "'proxy.internal' is not an IP address or CIDR block",
        "not resolved");
  }

  @Test
  void http2IsOfferedOverTlsOnly() {
    rejects(
        """
        server:
          http2: true
        """
            + SERVICES
            + """
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """,
        2,
        10,
        "http2 is offered over TLS only (ALPN)");
  }

  @Test
  void limitsOutOfRangeArePositioned() {
    rejects(
        """
        server:
          limits: { maxUrlLength: 10 }
        """
            + SERVICES
            + """
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """,
        2,
        27,
        "maxUrlLength: must be between 256 and 65536");
    rejects(
        """
        server:
          limits: { idleTimeout: 1500ms }
        """
            + SERVICES
            + """
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """,
        2,
        26,
        "idleTimeout: must be whole seconds");
    rejects(
        """
        server:
          limits: { maxHeaderSize: 10MB }
        """
            + SERVICES
            + """
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """,
        2,
        28,
        "maxHeaderSize: must be between 1KB and 1MB");
  }

  @Test
  void anEndpointCannotReadHopByHopGatewayOrForwardingHeaders() {
    for (String name :
        List.of(
            "Connection",
            "TE",
            "Proxy-Authorization",
            "Host",
            "Mosaic-Debug",
            "X-Forwarded-For",
            "traceparent")) {
      rejects(
          SERVICES
              + """
          endpoints:
            GET /p:
              headers: [Accept-Language, %s]
              calls: { a: { service: catalog, path: /p } }
          """
                  .formatted(name),
          5,
          32,
          "headers: ");
    }
  }

  @Test
  void responseHeadersAreForAPassthroughAndNeverTheGatewaysOwn() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
        endpoints:
          GET /p:
            responseHeaders: [X-Total-Count, Link]
            calls: { a: { service: catalog, path: /p } }
        """);
    assertEquals(List.of("x-total-count", "link"), plan.endpoints().get(0).responseHeaders());
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            responseHeaders: [X-Total-Count]
            calls: { a: { service: catalog, path: /p } }
            response: { n: "${a.n}" }
        """,
        5,
        22,
        "only a passthrough");
    for (String name :
        List.of(
            "Connection", "Transfer-Encoding", "Content-Length", "Mosaic-Cache", "Server-Timing")) {
      rejects(
          SERVICES
              + """
          endpoints:
            GET /p:
              responseHeaders: [%s]
              calls: { a: { service: catalog, path: /p } }
          """
                  .formatted(name),
          5,
          23,
          "cannot be passed through");
    }
  }
}
