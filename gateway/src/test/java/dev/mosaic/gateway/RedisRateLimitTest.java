package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits shared through a real redis-server of the test's own: two gateways (each its own
 * Vert.x and stubs, as two processes) spend one budget; a Redis that forgot the script or died
 * costs no request.
 */
class RedisRateLimitTest {

  private static final String CONFIG =
      """
      server:
        host: 127.0.0.1
        port: 0
        instances: 2
        adminPort: 0
        rateLimits: { redis: "REDIS", redisTimeout: 500ms } # generous: the counts are exact only if Redis answers
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
      endpoints:
        GET /shared:
          rateLimit: { rate: 1/m, burst: 4, by: header:X-Api-Key }
          calls: { product: { service: catalog, path: "/products/1" } }
          response: { name: "${product.name}" }
        POST /lookup:
          rateLimit: { rate: 1/m, burst: 5 }
          calls: { product: { service: catalog, path: "/products/${body.id}" } }
          response: { name: "${product.name}" }
      """;

  private RedisServer redis;
  private GatewayHarness a;
  private GatewayHarness b;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
    a = GatewayHarness.start(CONFIG.replace("REDIS", redis.url()));
    b = GatewayHarness.start(CONFIG.replace("REDIS", redis.url()));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closing : new AutoCloseable[] {a, b, redis}) {
      if (closing != null) {
        closing.close();
      }
    }
  }

  private static int allowed(GatewayHarness gw, String key, int tries) throws Exception {
    int allowed = 0;
    for (int i = 0; i < tries; i++) {
      HttpResponse<String> response = gw.get("/shared", "X-Api-Key", key);
      assertTrue(response.statusCode() == 200 || response.statusCode() == 429, response.body());
      allowed += response.statusCode() == 200 ? 1 : 0;
    }
    return allowed;
  }

  private static long served(GatewayHarness gw) {
    return gw.stub("catalog").behaviour().requests();
  }

  private static double failures(GatewayHarness gw) throws Exception {
    return Scrape.parse(gw.admin("GET", "/metrics", null).body())
        .value("mosaic_ratelimit_shared_failures_total");
  }

  @Test
  void twoGatewaysSpendOneBudget() throws Exception {
    int total = 0;
    for (int round = 0; round < 4; round++) {
      total += allowed(a, "team-1", 1) + allowed(b, "team-1", 1);
    }
    assertEquals(4, total, "the burst, across both gateways");
    assertEquals(4, served(a) + served(b), "the refused requests reached no service");
    HttpResponse<String> refused = b.get("/shared", "X-Api-Key", "team-1");
    assertEquals(429, refused.statusCode());
    assertEquals("0", refused.headers().firstValue("RateLimit-Remaining").orElseThrow());
    assertEquals("60", refused.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(
        4, allowed(a, "team-2", 3) + allowed(b, "team-2", 3), "another key, its own budget");
    assertEquals(0, failures(a) + failures(b), "every decision came from Redis");

    String key =
        "mosaic:ratelimit:{"
            + dev.mosaic.gateway.ratelimit.ClientKeys.digest("team-1")
            + "}:header:x-api-key:GET /shared";
    long ttl = Long.parseLong(redis.command("PTTL", key).substring(1));
    assertTrue(
        ttl > 200_000 && ttl <= 240_000, "kept until the bucket is full again (4 × 60s): " + ttl);
    assertTrue(!redis.command("KEYS", "*team*").startsWith("*1"), "no API key in a Redis key name");
  }

  @Test
  void aBodyWaitsWhileRedisDecides() throws Exception {
    HttpResponse<String> response = a.post("/lookup", "{\"id\": 1}");
    assertEquals(200, response.statusCode(), response.body());
    String name =
        new io.vertx.core.json.JsonObject(a.direct("catalog", "/products/1").body())
            .getString("name");
    assertEquals(
        name,
        GatewayHarness.json(response).getString("name"),
        "the body read after the decision arrived whole");
    assertEquals("4", response.headers().firstValue("RateLimit-Remaining").orElseThrow());
  }

  @Test
  void aRedisThatForgotTheScriptIsTaughtAgain() throws Exception {
    assertEquals(2, allowed(a, "team-3", 2));
    assertEquals("+OK", redis.command("SCRIPT", "FLUSH"));
    assertEquals(
        2, allowed(b, "team-3", 4), "EVALSHA's NOSCRIPT answered by EVAL, the count intact");
    assertEquals(0, failures(a) + failures(b));
  }

  @Test
  void aStalledRedisCostsItsBudgetNotTheRequest() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        redis.owned(), "stalling a Redis the test does not own: skipped");
    CompletableFuture<String> stall =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return redis.command("DEBUG", "SLEEP", "2");
              } catch (java.io.IOException e) {
                return e.toString();
              }
            });
    GatewayHarness.eventually(Duration.ofSeconds(2), "Redis is busy sleeping", () -> !responds());
    long started = System.nanoTime();
    HttpResponse<String> response = a.get("/shared", "X-Api-Key", "team-5");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        millis < 1500,
        "decided here after the 500ms budget, not after Redis's 2s: " + millis + "ms");
    assertEquals(1, failures(a));
    stall.get();
  }

  private boolean responds() {
    try (java.net.Socket socket =
        new java.net.Socket("127.0.0.1", Integer.parseInt(redis.url().replaceAll(".*:", "")))) {
      socket.setSoTimeout(50);
      socket
          .getOutputStream()
          .write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return socket.getInputStream().read() == '+';
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aDeadRedisFailsOpenToEachProcesssOwnBuckets() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        redis.owned(), "killing a Redis the test does not own: skipped");
    assertEquals(3, allowed(a, "team-4", 3));
    redis.kill();
    long started = System.nanoTime();
    assertEquals(4, allowed(a, "team-4", 6), "a's own bucket, full: Redis's count is out of reach");
    assertEquals(4, allowed(b, "team-4", 6), "and b's");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(millis < 10_000, "each request waited at most its budget: " + millis + "ms for 12");
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the failures are counted",
        () -> GatewayHarness.holds(() -> failures(a) >= 6 && failures(b) >= 6));
  }
}
