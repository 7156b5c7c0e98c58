package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.mosaic.gateway.logging.AccessLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The opt-in access log: one JSON line per request, with what an operator greps for (route, status,
 * duration, degraded calls, cache, ids), written by an appender thread of its own. This gateway
 * also runs with tracing off: no trace context reaches a service, the ids still exist.
 */
class AccessLogTest {

  @RegisterExtension
  static final GatewayHarness gw =
      GatewayHarness.forConfig(
          """
      server: { host: 127.0.0.1, port: 0, instances: 2, accessLog: true, tracing: false }
      services:
        catalog: { urls: ["{catalog}"] }
        reviews: { urls: ["{reviews}"] }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s } }
            reviews: { service: reviews, path: "/reviews?productId=${path.id}", optional: true, fallback: [] }
          response: { name: "${product.name}" }
      """);

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
  }

  private List<JsonObject> logged(int expected) throws InterruptedException {
    GatewayHarness.eventually(
        Duration.ofSeconds(5), expected + " access log lines", () -> lines.list.size() >= expected);
    assertEquals(expected, lines.list.size(), "one line per request");
    return lines.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
  }

  @Test
  void oneJsonLinePerRequestWithWhatHappened() throws Exception {
    gw.stub("reviews").behaviour().status(500);
    HttpResponse<String> degraded = gw.get("/products/8");
    assertEquals(200, degraded.statusCode());
    HttpResponse<String> missing = gw.get("/nothing/here");
    assertEquals(404, missing.statusCode());
    List<JsonObject> logged = logged(2);

    JsonObject first = logged.get(0);
    assertEquals("GET", first.getString("method"));
    assertEquals("/products/{id}", first.getString("route"));
    assertEquals("/products/8", first.getString("path"));
    assertEquals(200, first.getInteger("status"));
    assertEquals("miss", first.getString("cache"));
    assertEquals(new JsonArray().add("reviews"), first.getJsonArray("degraded"));
    assertEquals(
        degraded.headers().firstValue("x-request-id").orElse("?"), first.getString("requestId"));
    assertEquals(32, first.getString("traceId").length());
    assertTrue(first.getDouble("durationMs") > 0);
    assertEquals("127.0.0.1", first.getString("client"));
    assertTrue(first.getString("time").endsWith("Z"));

    JsonObject second = logged.get(1);
    assertEquals("unmatched", second.getString("route"));
    assertEquals(404, second.getInteger("status"));
    assertFalse(second.containsKey("degraded"));
  }

  @Test
  void withTracingOffNoTraceContextReachesAService() throws Exception {
    assertEquals(
        200,
        gw.send(
                java.net.http.HttpRequest.newBuilder(gw.uri("/products/9"))
                    .header(
                        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
            .statusCode());
    List<JsonObject> headers = gw.stub("catalog").behaviour().recentHeaders();
    assertNull(headers.get(headers.size() - 1).getString("traceparent"));
    assertEquals(1, logged(1).size());
  }

  @Test
  void theLineIsWrittenByAnAppenderThreadThatNeverBlocksTheEventLoop() {
    AsyncAppender async = null;
    for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof AsyncAppender found) {
        async = found;
      }
    }
    assertTrue(async != null, "logback.xml routes mosaic.access through an AsyncAppender");
    assertTrue(async.isNeverBlock(), "a full queue drops lines rather than holding a request");
    assertFalse(
        logger.isAdditive(), "access lines do not also go through the synchronous root appender");
  }
}
