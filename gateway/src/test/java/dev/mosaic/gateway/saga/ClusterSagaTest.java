package dev.mosaic.gateway.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.RedisCluster;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable saga log on a real Redis Cluster: every script touches several keys (a saga's hash
 * and log, the open and stuck sets, a client's key), which works only because on a cluster they
 * share the {@code {mosaic:saga}} hash tag, so one master holds them all.
 */
class ClusterSagaTest {

  @TempDir Path dir;
  private RedisCluster cluster;
  private ShopService shop;
  private GatewayHarness gw;

  @BeforeEach
  void start() throws Exception {
    cluster = RedisCluster.startOrSkip(dir, 3);
    shop = new ShopService();
    gw =
        GatewayHarness.start(
            """
            server: { host: 127.0.0.1, port: 0, adminPort: 0 }
            sagas: { redis: "CLUSTER" }
            events: { redis: false }
            services:
              shop: { urls: ["http://127.0.0.1:%d"], timeout: 2s }
            endpoints:
              POST /checkout:
                compensation: { attempts: 4, backoff: 20ms }
                calls:
                  order:
                    service: shop
                    method: POST
                    path: /orders
                    compensate: { method: DELETE, path: "/orders/${order.id}" }
                  payment:
                    service: shop
                    method: POST
                    path: /payments
                    body: { order: "${order.id}" }
                response: { order: "${order.id}", payment: "${payment.id}" }
            """
                .replace("CLUSTER", cluster.url())
                .formatted(shop.port()));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closing : new AutoCloseable[] {gw, shop, cluster}) {
      if (closing != null) {
        closing.close();
      }
    }
  }

  private HttpResponse<String> checkout(String key) throws Exception {
    return gw.send(
        HttpRequest.newBuilder(gw.uri("/checkout"))
            .header("content-type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString("{}")));
  }

  @Test
  void sagasAreLoggedCompensatedAndReplayedOnACluster() throws Exception {
    HttpResponse<String> done = checkout("k-1");
    assertEquals(200, done.statusCode(), done.body());
    String saga = done.headers().firstValue("mosaic-saga").orElseThrow();
    JsonObject state = new JsonObject(gw.get("/sagas/" + saga).body());
    assertEquals("completed", state.getString("state"), state.encode());

    HttpResponse<String> again = checkout("k-1");
    assertEquals(done.body(), again.body(), "the client's key replays the first answer");
    assertEquals("true", again.headers().firstValue("idempotent-replayed").orElse(""));

    shop.paymentStatus = 402;
    HttpResponse<String> failed = checkout("k-2");
    assertEquals(409, failed.statusCode(), failed.body());
    String undone = failed.headers().firstValue("mosaic-saga").orElseThrow();
    GatewayHarness.eventually(
        java.time.Duration.ofSeconds(5),
        "the order is undone",
        () -> shop.lines().stream().anyMatch(line -> line.startsWith("DELETE /orders/")));
    GatewayHarness.eventually(
        java.time.Duration.ofSeconds(5),
        "the saga is logged as compensated",
        () ->
            GatewayHarness.holds(
                () ->
                    new JsonObject(gw.get("/sagas/" + undone).body())
                        .getString("state")
                        .equals("compensated")));
    HttpResponse<String> running = gw.admin("GET", "/admin/sagas?state=running", null);
    assertEquals(200, running.statusCode(), running.body());

    int master = cluster.masterOf("{mosaic:saga}");
    String keys = cluster.cli(master, "KEYS", "*");
    assertTrue(keys.contains("{mosaic:saga}mosaic:saga:{" + saga + "}"), keys);
    assertTrue(keys.contains("{mosaic:saga}mosaic:saga-key:"), "the client's key too: " + keys);
  }
}
