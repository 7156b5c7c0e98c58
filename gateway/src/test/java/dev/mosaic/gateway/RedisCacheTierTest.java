package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.server.Gateway;
import dev.mosaic.stubs.Behaviour;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared Redis tier (L2) against a real redis-server of the test's own: what one gateway
 * cached, another serves; a foreign value is a miss; a stalled or killed Redis fails no request.
 */
class RedisCacheTierTest {

  private static final String CONFIG =
      """
      cache: { redis: "REDIS", redisTimeout: 20ms }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s } }
          response: { name: "${product.name}" }
      """;

  private RedisServer redis;
  private GatewayHarness gw;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
    gw = GatewayHarness.start(CONFIG.replace("REDIS", redis.url()));
  }

  @AfterEach
  void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("Mosaic-Cache").orElse("none");
  }

  @Test
  void whatOneGatewayCachedAnotherServes() throws Exception {
    Behaviour catalog = gw.stub("catalog").behaviour();
    HttpResponse<String> first = gw.get("/p/21");
    assertEquals("miss", cache(first));
    eventually(
        Duration.ofSeconds(5),
        "the answer reached Redis",
        () -> exists("mosaic:fragment:catalog GET /products/21"));

    // its own Vert.x, as another process would have: in one Vert.x, servers on port 0 share a port
    io.vertx.core.Vertx otherProcess = io.vertx.core.Vertx.vertx();
    Gateway second = GatewayHarness.await(Gateway.start(otherProcess, gw.plan()));
    try {
      // one client, one kept connection, so one event loop of the second gateway: its first
      // request opens that loop's Redis connection, which a loaded machine can make slower than
      // the read budget; the request that matters then finds it open
      HttpClient client = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + second.port());
      assertEquals(200, send(client, base.resolve("/p/99")).statusCode());
      long calledBefore = catalog.requests();
      HttpResponse<String> fromB = send(client, base.resolve("/p/21"));
      assertEquals(200, fromB.statusCode());
      assertEquals(first.body(), fromB.body());
      assertEquals("hit", cache(fromB), "served from the shared tier");
      assertEquals(
          calledBefore, catalog.requests(), "the second gateway never called the service for it");
      assertEquals(
          2, second.cache().size(), "the answer from Redis now sits in the second process too");
    } finally {
      GatewayHarness.await(second.close());
      GatewayHarness.await(otherProcess.close());
    }
  }

  private static HttpResponse<String> send(HttpClient client, URI uri) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aForeignValueInRedisIsAMissNeverServed() throws Exception {
    assertEquals(
        "+OK",
        redis.command("SET", "mosaic:fragment:catalog GET /products/22", "{\"name\":\"forged\"}"));
    HttpResponse<String> response = gw.get("/p/22");
    assertEquals(200, response.statusCode());
    assertEquals("miss", cache(response));
    assertTrue(!response.body().contains("forged"), response.body());
    assertEquals(1, gw.stub("catalog").behaviour().requests());
  }

  @Test
  void privateAndNoStoreAnswersNeverLandInRedis() throws Exception {
    Behaviour catalog = gw.stub("catalog").behaviour().cacheControl("private");
    assertEquals(200, gw.get("/p/24").statusCode());
    catalog.cacheControl("no-store");
    assertEquals(200, gw.get("/p/25").statusCode());
    catalog.cacheControl(null);
    assertEquals(200, gw.get("/p/26").statusCode());
    eventually(
        Duration.ofSeconds(5),
        "the public answer reached Redis",
        () -> exists("mosaic:fragment:catalog GET /products/26"));
    assertEquals(":0", redis.command("EXISTS", "mosaic:fragment:catalog GET /products/24"));
    assertEquals(":0", redis.command("EXISTS", "mosaic:fragment:catalog GET /products/25"));
  }

  @Test
  void aStalledRedisCostsItsBudgetNotTheRequest() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        redis.owned(), "stalling a Redis the test does not own: skipped");
    CompletableFuture<String> stall =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return redis.command("DEBUG", "SLEEP", "1");
              } catch (java.io.IOException e) {
                return e.toString();
              }
            });
    eventually(Duration.ofSeconds(2), "Redis is busy sleeping", () -> !responds());
    long started = System.nanoTime();
    HttpResponse<String> response = gw.get("/p/23");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, response.statusCode());
    assertTrue(millis < 500, "the read gave up after its budget: " + millis + "ms");
    assertTrue(gw.gateway().cache().sharedFailures() >= 1);
    stall.get();
  }

  @Test
  void aKilledRedisFailsNoRequestAndARestartedOneIsUsedAgain() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertEquals(200, gw.get("/p/" + (100 + i)).statusCode());
    }
    redis.kill();
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> response = gw.get("/p/" + (100 + i));
      assertEquals(200, response.statusCode(), response.body());
    }
    assertTrue(gw.gateway().cache().sharedFailures() >= 1, "the failures were counted");

    org.junit.jupiter.api.Assumptions.assumeTrue(
        redis.owned(), "restarting a Redis the test does not own: skipped");
    redis.restart();
    eventually(
        Duration.ofSeconds(10),
        "the gateway reconnected and writes to Redis again",
        () -> {
          try {
            gw.get("/p/" + (200 + (System.nanoTime() % 1000)));
            return !redis.command("KEYS", "mosaic:fragment:*").equals("*0");
          } catch (Exception e) {
            return false;
          }
        });
  }

  private boolean exists(String key) {
    try {
      return redis.command("EXISTS", key).equals(":1");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private boolean responds() {
    try (java.net.Socket socket =
        new java.net.Socket("127.0.0.1", Integer.parseInt(redis.url().replaceAll(".*:", "")))) {
      socket.setSoTimeout(50);
      socket.getOutputStream().write("PING\r\n".getBytes());
      return socket.getInputStream().read() == '+';
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
