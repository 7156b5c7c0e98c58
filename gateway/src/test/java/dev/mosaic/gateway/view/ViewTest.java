package dev.mosaic.gateway.view;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.RedisServer;
import dev.mosaic.gateway.Scrape;
import dev.mosaic.gateway.server.Gateway;
import dev.mosaic.stubs.StubService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read views over real stubs and a redis-server of the test's own: a service's write (announced on
 * the event stream) recomposes the view once and the next read calls nothing; bursts coalesce; a
 * degraded recomposition keeps the old version; a lagging consumer composes live; a write through
 * one gateway is read through another with its version; a gateway that was stopped while events
 * arrived applies them when it is back.
 */
class ViewTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0 }
      cache: { redis: "REDIS", redisTimeout: 50ms }
      events: { consumer: CONSUMER }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
        inventory: { urls: ["{inventory}"], timeout: 2s }
        reviews: { urls: ["{reviews}"], timeout: 2s }
      endpoints:
        GET /products/{id}:
          view: { tags: ["product:${path.id}"], maxLag: MAXLAG }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock: { service: inventory, path: "/stock/${path.id}" }
            reviews: { service: reviews, path: "/reviews?productId=${path.id}&limit=2", optional: true, fallback: [] }
          response: { id: "${product.id}", available: "${stock.available}", reviews: "${$count(reviews)}" }
        PATCH /products/{id}/stock:
          calls:
            write: { service: inventory, method: PATCH, path: "/stock/${path.id}", body: { available: "${body.available}" } }
          announce: ["product:${path.id}"]
          response: { available: "${write.available}" }
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private RedisServer redis;
  private GatewayHarness gw;
  private Vertx otherProcess;
  private Gateway other;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
  }

  private void boot(String maxLag) throws Exception {
    gw = GatewayHarness.start(config("gw-a", maxLag), redis.url());
  }

  private String config(String consumer, String maxLag) {
    return CONFIG
        .replace("REDIS", redis.url())
        .replace("CONSUMER", consumer)
        .replace("MAXLAG", maxLag);
  }

  @AfterEach
  void stop() throws Exception {
    stopOther();
    if (gw != null) {
      gw.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private void stopOther() throws Exception {
    if (other != null) {
      GatewayHarness.await(other.close());
      other = null;
    }
    if (otherProcess != null) {
      GatewayHarness.await(otherProcess.close());
      otherProcess = null;
    }
  }

  /** Another gateway process sharing the stubs and Redis: its own Vert.x, its own port. */
  private Gateway startOther(String consumer, String maxLag) throws Exception {
    otherProcess = Vertx.vertx();
    other =
        GatewayHarness.await(
            Gateway.start(
                otherProcess,
                dev.mosaic.rules.plan.PlanCompiler.compile(
                    "other.yaml", gw.resolve(config(consumer, maxLag)))));
    return other;
  }

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> patchStock(int port, int id, int available) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/products/" + id + "/stock"))
            .timeout(Duration.ofSeconds(10))
            .header("content-type", "application/json")
            .method(
                "PATCH", HttpRequest.BodyPublishers.ofString("{\"available\": " + available + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** How many times the catalog was asked for product {@code id} since the stubs were restored. */
  private long catalogReads(int id) {
    StubService catalog = gw.stub("catalog");
    return catalog.behaviour().recentLines().stream()
        .filter(line -> line.startsWith("GET /products/" + id))
        .count();
  }

  private double metric(String name, String... labels) throws Exception {
    return Scrape.parse(gw.admin("GET", "/metrics", null).body()).sum(name, labels);
  }

  private static int available(HttpResponse<String> response) {
    return new JsonObject(response.body()).getInteger("available");
  }

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("mosaic-cache").orElse("");
  }

  private void awaitViewHeld(int port, String path) throws Exception {
    eventually(
        Duration.ofSeconds(10),
        "a view of " + path,
        () -> GatewayHarness.holds(() -> cache(get(port, path)).equals("view")));
  }

  @Test
  void aServicesWriteRecomposesTheViewOnceAndTheNextReadCallsNothing() throws Exception {
    boot("5s");
    HttpResponse<String> first = gw.get("/products/7");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("miss", cache(first));
    awaitViewHeld(gw.port(), "/products/7");
    long before = catalogReads(7);
    HttpResponse<String> hit = gw.get("/products/7");
    assertEquals("view", cache(hit));
    assertTrue(hit.headers().firstValue("server-timing").orElse("").startsWith("view;"));
    assertEquals(before, catalogReads(7), "a view read calls no service");

    // the service's own write, announced by the service on the stream
    HttpResponse<String> written = gw.direct("inventory", "/stock/7");
    assertEquals(200, written.statusCode());
    int next = new JsonObject(written.body()).getInteger("available") + 11;
    HttpResponse<String> patched =
        http.send(
            HttpRequest.newBuilder(URI.create(gw.stub("inventory").url() + "/stock/7"))
                .header("content-type", "application/json")
                .method(
                    "PATCH", HttpRequest.BodyPublishers.ofString("{\"available\": " + next + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, patched.statusCode(), patched.body());
    eventually(
        Duration.ofSeconds(5),
        "the view reflects the write",
        () ->
            GatewayHarness.holds(
                () -> {
                  HttpResponse<String> now = gw.get("/products/7");
                  return cache(now).equals("view") && available(now) == next;
                }));
    long afterRefresh = catalogReads(7);
    assertEquals(before + 1, afterRefresh, "one recomposition for one event");
    for (int i = 0; i < 5; i++) {
      assertEquals(next, available(gw.get("/products/7")));
    }
    assertEquals(afterRefresh, catalogReads(7), "reads after the refresh call nothing");
    assertTrue(metric("mosaic_view_reads_total", "result", "hit") >= 6);
    assertTrue(metric("mosaic_view_refresh_duration_seconds_count", "outcome", "fresh") >= 1);
    assertTrue(metric("mosaic_events_applied_total") >= 1);
  }

  @Test
  void aBurstOfEventsForOneKeyMakesFewRecompositions() throws Exception {
    boot("5s");
    gw.get("/products/8");
    awaitViewHeld(gw.port(), "/products/8");
    long before = catalogReads(8);
    for (int i = 0; i < 100; i++) {
      redis.command("XADD", "mosaic:events", "*", "event", "{\"tags\":[\"product:8\"]}");
    }
    eventually(
        Duration.ofSeconds(5),
        "the burst applied and the view fresh again",
        () ->
            GatewayHarness.holds(
                () ->
                    new JsonObject(gw.admin("GET", "/admin/views", null).body())
                                .getJsonArray("routes")
                                .getJsonObject(0)
                                .getInteger("stale")
                            == 0
                        && cache(gw.get("/products/8")).equals("view")));
    long recompositions = catalogReads(8) - before;
    assertTrue(
        recompositions >= 1 && recompositions <= 10,
        "100 events, " + recompositions + " recompositions");
  }

  @Test
  void aMalformedEventIsCountedAcknowledgedAndTheStreamGoesOn() throws Exception {
    boot("5s");
    gw.get("/products/13");
    awaitViewHeld(gw.port(), "/products/13");
    redis.command("XADD", "mosaic:events", "*", "event", "not json");
    redis.command("XADD", "mosaic:events", "*", "other", "{\"tags\":[\"product:13\"]}");
    redis.command("XADD", "mosaic:events", "*", "event", "{\"tags\":[7]}");
    long before = catalogReads(13);
    redis.command("XADD", "mosaic:events", "*", "event", "{\"tags\":[\"product:13\"]}");
    eventually(
        Duration.ofSeconds(5),
        "the valid event after them recomposed the view",
        () -> GatewayHarness.holds(() -> catalogReads(13) > before));
    assertEquals(3, metric("mosaic_events_malformed_total"), 0.0);
    eventually(
        Duration.ofSeconds(5),
        "nothing left pending",
        () ->
            GatewayHarness.holds(
                () ->
                    new JsonObject(gw.admin("GET", "/admin/views", null).body())
                            .getJsonObject("events")
                            .getLong("lagEntries")
                        == 0));
    assertEquals(200, gw.get("/products/13").statusCode());
  }

  @Test
  void aDegradedRecompositionKeepsTheOldVersionThenComposesLivePastMaxLag() throws Exception {
    boot("1500ms");
    gw.get("/products/9");
    awaitViewHeld(gw.port(), "/products/9");
    String good = gw.get("/products/9").body();
    gw.stub("reviews").behaviour().status(500);
    redis.command("XADD", "mosaic:events", "*", "event", "{\"tags\":[\"product:9\"]}");
    eventually(
        Duration.ofSeconds(5),
        "the event applied",
        () -> GatewayHarness.holds(() -> cache(gw.get("/products/9")).equals("view-stale")));
    HttpResponse<String> stale = gw.get("/products/9");
    assertEquals(good, stale.body(), "the old version, not the degraded one");
    assertFalse(stale.headers().firstValue("mosaic-degraded").isPresent());
    eventually(
        Duration.ofSeconds(5),
        "past maxLag a read composes live",
        () -> GatewayHarness.holds(() -> cache(gw.get("/products/9")).equals("miss")));
    HttpResponse<String> live = gw.get("/products/9");
    assertEquals("reviews", live.headers().firstValue("mosaic-degraded").orElse(""));
    gw.stub("reviews").behaviour().restore();
    eventually(
        Duration.ofSeconds(10),
        "a retried recomposition makes it a view again",
        () -> GatewayHarness.holds(() -> cache(gw.get("/products/9")).equals("view")));
    assertEquals(good, gw.get("/products/9").body());
    assertTrue(metric("mosaic_view_refresh_duration_seconds_count", "outcome", "incomplete") >= 1);
  }

  @Test
  void aConsumerLaggingPastMaxLagComposesLive() throws Exception {
    boot("1s");
    gw.get("/products/10");
    awaitViewHeld(gw.port(), "/products/10");
    redis.kill(); // the consumer loses the stream: from now on it may be missing events
    long before = catalogReads(10);
    eventually(
        Duration.ofSeconds(5),
        "reads compose live once the lag passes maxLag",
        () -> GatewayHarness.holds(() -> cache(gw.get("/products/10")).equals("miss")));
    assertTrue(catalogReads(10) > before);
    assertTrue(metric("mosaic_events_lag_seconds") >= 1);
    assertTrue(metric("mosaic_view_reads_total", "result", "live-lagging") >= 1);
  }

  @Test
  void aWriteThroughOneGatewayIsReadThroughAnotherAtItsVersion() throws Exception {
    boot("30s");
    Gateway b = startOther("gw-b", "30s");
    get(b.port(), "/products/11");
    awaitViewHeld(b.port(), "/products/11");
    int was = available(get(b.port(), "/products/11"));
    for (int round = 1; round <= 5; round++) {
      int now = was + round;
      HttpResponse<String> written = patchStock(gw.port(), 11, now);
      assertEquals(200, written.statusCode(), written.body());
      String version = written.headers().firstValue("mosaic-version").orElseThrow();
      HttpResponse<String> read = get(b.port(), "/products/11", "Mosaic-Min-Version", version);
      assertEquals(200, read.statusCode(), read.body());
      assertEquals(now, available(read), "round " + round + ": " + read.headers().map());
      String readVersion = read.headers().firstValue("mosaic-version").orElse(version);
      assertFalse(
          dev.mosaic.gateway.event.StreamPosition.parse(readVersion)
              .isBefore(dev.mosaic.gateway.event.StreamPosition.parse(version)),
          "a view at " + readVersion + " for a read at " + version);
    }
    HttpResponse<String> bad = get(b.port(), "/products/11", "Mosaic-Min-Version", "yesterday");
    assertEquals(400, bad.statusCode());
  }

  @Test
  void aGatewayStoppedWhileEventsArriveAppliesThemWhenBack() throws Exception {
    boot("30s");
    Gateway b = startOther("gw-b", "30s");
    get(b.port(), "/products/12");
    awaitViewHeld(b.port(), "/products/12"); // stored in Redis too, at its position
    int was = available(get(b.port(), "/products/12"));
    stopOther();
    // while it is down: a write through the other gateway, announced on the stream
    assertEquals(200, patchStock(gw.port(), 12, was + 5).statusCode());
    Gateway back = startOther("gw-b", "30s"); // the same consumer group: it resumes
    HttpResponse<String> read = get(back.port(), "/products/12");
    assertEquals(was + 5, available(read), read.headers().map().toString());
    eventually(
        Duration.ofSeconds(5),
        "the view recomposed from the missed event",
        () ->
            GatewayHarness.holds(
                () -> {
                  HttpResponse<String> now = get(back.port(), "/products/12");
                  return cache(now).equals("view") && available(now) == was + 5;
                }));
  }
}
