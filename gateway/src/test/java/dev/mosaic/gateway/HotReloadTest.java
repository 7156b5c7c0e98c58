package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mosaic.gateway.reload.ConfigReloader;
import dev.mosaic.stubs.LatencyModel;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Config reloads on a running gateway, over real sockets: under load, with bad files, with requests
 * in flight, and what state survives. Each test starts its own gateway from a file.
 */
class HotReloadTest {

  /** %s: the version the answers carry; %s: watchConfig. */
  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0, watchConfig: %s }
      services:
        catalog: { urls: ["{catalog}"] }
        reviews: { urls: ["{reviews}"], circuitBreaker: { failures: 2, openFor: 60s }%s }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            reviews: { service: reviews, path: "/reviews?productId=${path.id}", optional: true, fallback: [] }
          response: { name: "${product.name}", version: "%s" }
      """;

  @TempDir Path dir;
  private GatewayHarness gw;
  private Path file;

  private static String config(String version, boolean watch) {
    return config(version, watch, "");
  }

  private static String config(String version, boolean watch, String reviewsExtra) {
    return CONFIG.formatted(watch, reviewsExtra, version);
  }

  private void start(String version, boolean watch) throws Exception {
    file = dir.resolve("mosaic.yaml");
    gw = GatewayHarness.startFromFile(config(version, watch), file);
  }

  @AfterEach
  void close() throws Exception {
    if (gw != null) {
      gw.close();
    }
  }

  private void write(String yaml) throws Exception {
    // a rename, as deployment tools do: the file is never seen half-written unless a test means it
    Path next = dir.resolve("next.yaml");
    Files.writeString(next, gw.resolve(yaml), StandardCharsets.UTF_8);
    Files.move(
        next,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private JsonObject reload() throws Exception {
    HttpResponse<String> response = gw.admin("POST", "/admin/reload", null);
    JsonObject result = GatewayHarness.json(response);
    assertEquals(
        result.getString("result").equals("rejected") ? 422 : 200,
        response.statusCode(),
        response.body());
    return result;
  }

  private String version() throws Exception {
    HttpResponse<String> response = gw.get("/products/1");
    assertEquals(200, response.statusCode(), response.body());
    return GatewayHarness.json(response).getString("version");
  }

  private double metric(String name, String... labels) throws Exception {
    return Scrape.parse(gw.admin("GET", "/metrics", null).body()).value(name, labels);
  }

  @Test
  void tenReloadsUnderLoadLoseNoRequest() throws Exception {
    start("v0", false);
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                while (loading.get()) {
                  try {
                    HttpResponse<String> response =
                        gw.get("/products/" + (1 + answered.get() % 50));
                    if (response.statusCode() != 200) {
                      failures.add(response.statusCode() + " " + response.body());
                    }
                    answered.incrementAndGet();
                  } catch (Exception e) {
                    failures.add(e.toString());
                  }
                }
              }));
    }
    GatewayHarness.eventually(Duration.ofSeconds(10), "load running", () -> answered.get() > 50);
    for (int v = 1; v <= 10; v++) {
      write(config("v" + v, false));
      JsonObject result = reload();
      assertEquals("applied", result.getString("result"), result.encode());
      assertEquals(v + 1, result.getLong("generation"));
      int before = answered.get();
      GatewayHarness.eventually(
          Duration.ofSeconds(10),
          "traffic on generation " + (v + 1),
          () -> answered.get() > before + 20);
    }
    loading.set(false);
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get();
    assertEquals(
        List.of(),
        failures,
        "no request failed while the config changed 10 times (" + answered + " answered)");
    assertEquals("v10", version());
    assertEquals(10, metric("mosaic_config_reloads_total", "result", "applied"));
    assertEquals(0, metric("mosaic_config_reloads_total", "result", "rejected"));
    assertEquals(11, metric("mosaic_config_generation"));
  }

  @Test
  void aBadConfigIsRejectedWithItsPositionAndTheOldRulesKeepServing() throws Exception {
    start("v1", false);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(ConfigReloader.class);
    logger.addAppender(log);
    try {
      write(config("v2", false).replace("service: catalog", "service: katalog"));
      JsonObject result = reload();
      assertEquals("rejected", result.getString("result"));
      String problem = result.getJsonArray("problems").getString(0);
      assertTrue(
          problem.startsWith(file + ":8:27:"), "file:line:col of the unknown service: " + problem);
      assertTrue(problem.contains("katalog"), problem);
      assertTrue(
          log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(file + ":8:27:")),
          "the log names the position too");
    } finally {
      logger.detachAppender(log);
    }
    assertEquals("v1", version(), "the old rules keep serving");
    assertEquals(1, result(1));
    // half-written: the file cut in the middle of a mapping
    String full = gw.resolve(config("v3", false));
    Files.writeString(
        file, full.substring(0, full.indexOf("reviews: {") + 14), StandardCharsets.UTF_8);
    assertEquals("rejected", reload().getString("result"));
    assertEquals("v1", version());
    // gone
    Files.delete(file);
    JsonObject gone = reload();
    assertEquals("rejected", gone.getString("result"));
    assertTrue(gone.getJsonArray("problems").getString(0).contains("missing"), gone.encode());
    assertEquals("v1", version());
    assertEquals(3, result(3));
    write(config("v4", false));
    assertEquals("applied", reload().getString("result"), "a good file is taken again");
    assertEquals("v4", version());
  }

  private double result(double expected) throws Exception {
    double rejected = metric("mosaic_config_reloads_total", "result", "rejected");
    assertEquals(expected, rejected, "rejected reloads are counted");
    assertEquals(0, metric("mosaic_config_reloads_total", "result", "applied"));
    return rejected;
  }

  @Test
  void theWatchedFileIsReloadedWhenItChangesAndWhenItIsBrokenOrGone() throws Exception {
    start("w1", true);
    write(config("w2", true));
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the change picked up",
        () -> GatewayHarness.holds(() -> version().equals("w2")));
    Files.writeString(file, "endpoints: [", StandardCharsets.UTF_8);
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the broken file rejected",
        () ->
            GatewayHarness.holds(
                () -> metric("mosaic_config_reloads_total", "result", "rejected") == 1));
    Files.delete(file);
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the missing file rejected",
        () ->
            GatewayHarness.holds(
                () -> metric("mosaic_config_reloads_total", "result", "rejected") == 2));
    assertEquals("w2", version(), "neither touched the running rules");
    write(config("w3", true));
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the file back",
        () -> GatewayHarness.holds(() -> version().equals("w3")));
    assertEquals(2, metric("mosaic_config_reloads_total", "result", "applied"));
  }

  @Test
  void aRequestInFlightFinishesOnTheRulesItStartedOn() throws Exception {
    start("old", false);
    gw.stub("catalog").behaviour().latency(new LatencyModel.Fixed(400));
    CompletableFuture<HttpResponse<String>> inFlight = gw.getAsync("/products/2");
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the call reached catalog",
        () -> gw.stub("catalog").behaviour().inFlight() == 1);
    write(config("new", false));
    assertEquals("applied", reload().getString("result"));
    gw.stub("catalog").behaviour().latency(new LatencyModel.Fixed(0));
    HttpResponse<String> old = inFlight.get();
    assertEquals(200, old.statusCode(), old.body());
    assertEquals("old", GatewayHarness.json(old).getString("version"));
    assertEquals("new", version());
  }

  @Test
  void anUnchangedServiceKeepsItsBreakerAndAChangedOneStartsAfresh() throws Exception {
    start("b1", false);
    gw.stub("reviews").behaviour().status(500);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, gw.get("/products/3").statusCode());
    }
    assertEquals(CircuitBreakerState.OPEN, gw.gateway().guards().of("reviews").breaker().state());
    write(config("b2", false));
    assertEquals("applied", reload().getString("result"));
    assertEquals(
        CircuitBreakerState.OPEN,
        gw.gateway().guards().of("reviews").breaker().state(),
        "only the endpoint changed: reviews' breaker is still open");
    long reached = gw.stub("reviews").behaviour().requests();
    assertEquals(200, gw.get("/products/3").statusCode());
    assertEquals(
        reached, gw.stub("reviews").behaviour().requests(), "and still keeps calls off reviews");
    write(config("b3", false, ", timeout: 900ms"));
    assertEquals("applied", reload().getString("result"));
    assertEquals(
        CircuitBreakerState.CLOSED,
        gw.gateway().guards().of("reviews").breaker().state(),
        "reviews changed: a new breaker");
    assertEquals(
        1,
        Scrape.parse(gw.admin("GET", "/metrics", null).body())
            .value("mosaic_breaker_state", "service", "reviews", "state", "closed"),
        "the meters read the new one");
  }

  @Test
  void settingsThatNeedARestartAreReportedAndTheRestApplies() throws Exception {
    start("r1", false);
    AtomicReference<String> changed =
        new AtomicReference<>(config("r2", false).replace("instances: 2", "instances: 1"));
    write(changed.get());
    JsonObject result = reload();
    assertEquals("applied", result.getString("result"));
    assertEquals(
        "server.host, server.port and server.instances",
        result.getJsonArray("restartRequired").getString(0));
    assertEquals("r2", version());

    write(config("r3", false).replace("instances: 2", "instances: 1"));
    assertEquals(
        "server.host, server.port and server.instances",
        reload().getJsonArray("restartRequired").getString(0),
        "still waiting for a restart: the servers run as started");
    assertEquals("r3", version());
  }

  @Test
  void turningOnSpanExportIsReportedAsNeedingARestart() throws Exception {
    start("t1", false);
    write(
        config("t2", false)
            .replace(
                "watchConfig: false }",
                "watchConfig: false, tracing: { sampleRatio: 0.5, otlp: { endpoint:"
                    + " 'http://127.0.0.1:4318/v1/traces' } } }"));
    JsonObject result = reload();
    assertEquals("applied", result.getString("result"));
    assertEquals(
        "server.tracing's otlp, sampleRatio and serviceName (with an OTLP export)",
        result.getJsonArray("restartRequired").getString(0));
    assertEquals("t2", version(), "the rest applied");
  }
}
