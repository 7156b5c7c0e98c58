package dev.mosaic.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.GatewayProcess;
import dev.mosaic.gateway.RedisServer;
import dev.mosaic.gateway.event.StreamPosition;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process killed with {@code kill -9} loses no change event: an entry it was handed but
 * never acknowledged is applied when it starts again, so a view it stored in Redis before the
 * change is never served after it.
 */
class DurableEventsTest {

  /** The harness's own gateway reads no events: only the process under test applies them. */
  private static final String HARNESS =
      """
      server: { host: 127.0.0.1, port: 0, instances: 1 }
      events: { redis: false }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
      endpoints:
        GET /ping/{id}:
          calls: { p: { service: catalog, path: "/products/${path.id}" } }
      """;

  private static final String PROCESS =
      """
      server: { host: 127.0.0.1, port: {port}, instances: 1, adminPort: ADMIN }
      cache: { redis: "REDIS", redisTimeout: 200ms }
      events: { consumer: durable-gw }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
        inventory: { urls: ["{inventory}"], timeout: 2s }
      endpoints:
        GET /products/{id}:
          view: { tags: ["product:${path.id}"], maxLag: 30s }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock: { service: inventory, path: "/stock/${path.id}" }
          response: { id: "${product.id}", available: "${stock.available}" }
      """;

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private RedisServer redis;
  private GatewayHarness stubs;
  private GatewayProcess process;
  private int adminPort;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
    stubs = GatewayHarness.start(HARNESS, redis.url()); // its stubs announce on the stream
    try (ServerSocket probe = new ServerSocket(0)) {
      adminPort = probe.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.close();
    }
    if (stubs != null) {
      stubs.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private GatewayProcess startProcess() throws Exception {
    return GatewayProcess.start(
        stubs.resolve(
            PROCESS.replace("REDIS", redis.url()).replace("ADMIN", Integer.toString(adminPort))),
        dir);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return process
        .client()
        .send(
            HttpRequest.newBuilder(process.uri(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static int available(HttpResponse<String> response) {
    return new JsonObject(response.body()).getInteger("available");
  }

  private long streamLength() throws Exception {
    return Long.parseLong(redis.command("XLEN", "mosaic:events").substring(1));
  }

  @Test
  void anEntryHandedOverButNotAcknowledgedBeforeAKillIsAppliedAfterTheRestart() throws Exception {
    process = startProcess();
    get("/products/15");
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "a view of product 15, stored in Redis",
        () ->
            GatewayHarness.holds(
                () ->
                    get("/products/15")
                            .headers()
                            .firstValue("mosaic-cache")
                            .orElse("")
                            .equals("view")
                        && redis.command("KEYS", "mosaic:view:*").equals("*1")));
    int was = available(get("/products/15"));
    process.kill9();
    process = null;

    long before = streamLength();
    HttpResponse<String> written =
        http.send(
            HttpRequest.newBuilder(URI.create(stubs.stub("inventory").url() + "/stock/15"))
                .header("content-type", "application/json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString("{\"available\": " + (was + 9) + "}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, written.statusCode(), written.body());
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the service announced its write",
        () -> GatewayHarness.holds(() -> streamLength() > before));
    // handed to the killed gateway's consumer, as if it died before acknowledging it
    assertTrue(
        redis
            .command(
                "XREADGROUP",
                "GROUP",
                "durable-gw",
                "gateway",
                "COUNT",
                "100",
                "STREAMS",
                "mosaic:events",
                ">")
            .startsWith("*1"),
        "the entry delivered to the group");

    process = startProcess();
    HttpResponse<String> read = get("/products/15");
    assertEquals(was + 9, available(read), "never the view stored before the change");
    String last = redis.command("XREVRANGE", "mosaic:events", "+", "-", "COUNT", "1");
    assertFalse(last.isEmpty());
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the pending entry applied and acknowledged",
        () ->
            GatewayHarness.holds(
                () -> {
                  JsonObject events =
                      new JsonObject(
                              http.send(
                                      HttpRequest.newBuilder(
                                              URI.create(
                                                  "http://127.0.0.1:" + adminPort + "/admin/views"))
                                          .build(),
                                      HttpResponse.BodyHandlers.ofString())
                                  .body())
                          .getJsonObject("events");
                  return StreamPosition.parse(events.getString("applied"))
                          .isAfter(StreamPosition.ZERO)
                      && events.getLong("lagEntries") == 0;
                }));
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "a view again, with the change",
        () ->
            GatewayHarness.holds(
                () -> {
                  HttpResponse<String> now = get("/products/15");
                  return now.headers().firstValue("mosaic-cache").orElse("").equals("view")
                      && available(now) == was + 9;
                }));
  }
}
