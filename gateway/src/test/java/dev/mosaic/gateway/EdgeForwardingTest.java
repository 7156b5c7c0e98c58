package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What crosses the gateway between a client and a service besides the body: which forwarding chain
 * is believed, which service headers reach the client, that a redirect is never followed, and that
 * the connection limit holds. The service here is a plain Vert.x server that answers with whatever
 * headers a test needs.
 */
class EdgeForwardingTest {

  private static Vertx vertx;
  private static HttpServer service;
  private static HttpServer elsewhere;
  private static final AtomicInteger elsewhereHits = new AtomicInteger();
  private static GatewayHarness gw;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    elsewhere =
        GatewayHarness.await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      elsewhereHits.incrementAndGet();
                      request.response().end("{\"secret\":\"internal\"}");
                    })
                .listen(0, "127.0.0.1"));
    service =
        GatewayHarness.await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      switch (request.path()) {
                        case "/headers" ->
                            request
                                .response()
                                .putHeader("content-type", "application/json")
                                .putHeader("x-total-count", "42")
                                .putHeader("x-internal-host", "db-7.internal")
                                .putHeader("set-cookie", "backend=1")
                                .putHeader("link", "</p2>; rel=next")
                                .putHeader("x-hop", "for-the-gateway")
                                .putHeader("connection", "x-hop")
                                .putHeader("keep-alive", "timeout=5")
                                .end("{\"items\":[]}");
                        case "/redirect" ->
                            request
                                .response()
                                .setStatusCode(302)
                                .putHeader(
                                    "location",
                                    "http://127.0.0.1:" + elsewhere.actualPort() + "/admin")
                                .end();
                        default -> request.response().setStatusCode(404).end();
                      }
                    })
                .listen(0, "127.0.0.1"));
    gw =
        GatewayHarness.start(
            """
        server:
          host: 127.0.0.1
          port: 0
          instances: 1
          trustedProxies: ["127.0.0.1"]
          limits: { maxConnections: 6 }
        services:
          catalog: { urls: ["{catalog}"] }
          custom: { urls: ["http://127.0.0.1:%d"] }
        endpoints:
          GET /items/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: { name: "${product.name}" }
          GET /listing:
            responseHeaders: [X-Total-Count, Link, X-Hop]
            calls:
              list: { service: custom, path: /headers }
          GET /moved:
            calls:
              moved: { service: custom, path: /redirect }
          GET /moved-composed:
            calls:
              moved: { service: custom, path: /redirect }
            response: { secret: "${moved.secret}" }
        """
                .formatted(service.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (vertx != null) {
      GatewayHarness.await(vertx.close());
    }
  }

  private static JsonObject lastCatalogHeaders() {
    List<JsonObject> all = gw.stub("catalog").behaviour().recentHeaders();
    return all.get(all.size() - 1);
  }

  @Test
  void aTrustedProxysChainIsBelievedAndThePeerAppended() throws Exception {
    RawHttp.Answer answer =
        RawHttp.exchange(
            gw.port(),
            "GET /items/1 HTTP/1.1\r\nHost: gw\r\n"
                + "X-Forwarded-For: bogus, 203.0.113.9\r\n\r\n");
    assertEquals(200, answer.status(), answer.raw());
    assertEquals(
        "203.0.113.9, 127.0.0.1",
        lastCatalogHeaders().getString("x-forwarded-for"),
        "the believed hop, then the peer; what the client wrote left of it is not sent on");
  }

  @Test
  void aPassthroughPassesOnlyAllowlistedServiceHeadersAndNoneTheServiceMarkedHopByHop()
      throws Exception {
    HttpResponse<String> response = gw.get("/listing");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("42", response.headers().firstValue("x-total-count").orElse(null));
    assertEquals("</p2>; rel=next", response.headers().firstValue("link").orElse(null));
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
    assertTrue(
        response.headers().firstValue("x-hop").isEmpty(),
        "listed, but the service's Connection named it");
    assertTrue(response.headers().firstValue("x-internal-host").isEmpty(), "not listed");
    assertTrue(response.headers().firstValue("set-cookie").isEmpty(), "not listed");
    assertTrue(response.headers().firstValue("keep-alive").isEmpty(), "hop-by-hop");
  }

  @Test
  void aRedirectIsPassedBackNeverFollowed() throws Exception {
    int before = elsewhereHits.get();
    HttpResponse<String> passthrough = gw.get("/moved");
    assertEquals(302, passthrough.statusCode(), "a passthrough hands the redirect to the client");
    HttpResponse<String> composed = gw.get("/moved-composed");
    assertFalse(composed.body().contains("internal"), composed.body());
    assertTrue(
        composed.statusCode() >= 300,
        "a composed endpoint does not treat a redirect as data: " + composed.statusCode());
    assertEquals(before, elsewhereHits.get(), "the gateway never went where the service pointed");
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAtOnceAndServedAgainOnceOthersClose() throws Exception {
    List<RawHttp> held = new ArrayList<>();
    try {
      // the harness's own client may hold pooled connections: fill up only what is left
      int open =
          (int) Scrape.parse(gw.gateway().registry().scrape()).value("mosaic_edge_connections");
      for (int i = open; i < 6; i++) {
        RawHttp connection = new RawHttp(gw.port());
        connection.write("GET /items/1 HTTP/1.1\r\nHost: gw\r\n\r\n");
        assertEquals(200, connection.read(3_000).status(), "within the limit");
        held.add(connection);
      }
      try (RawHttp extra = new RawHttp(gw.port())) {
        extra.write("GET /items/1 HTTP/1.1\r\nHost: gw\r\n\r\n");
        RawHttp.Answer refused = extra.read(3_000);
        assertEquals(0, refused.status(), refused.raw());
        assertTrue(refused.closed(), "the connection over the limit is closed unanswered");
      }
      double refusedCount =
          Scrape.parse(gw.gateway().registry().scrape())
              .value("mosaic_edge_refused_total", "reason", "connections");
      assertTrue(refusedCount >= 1, "counted: " + refusedCount);
    } finally {
      for (RawHttp connection : held) {
        connection.close();
      }
    }
    GatewayHarness.eventually(
        java.time.Duration.ofSeconds(5),
        "a slot frees up",
        () -> {
          try {
            return RawHttp.exchange(gw.port(), "GET /items/1 HTTP/1.1\r\nHost: gw\r\n\r\n").status()
                == 200;
          } catch (Exception e) {
            return false;
          }
        });
  }
}
