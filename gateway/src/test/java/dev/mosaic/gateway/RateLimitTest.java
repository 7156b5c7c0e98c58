package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-client rate limits in one process, over sockets. Most limits refill at 1/m, so nothing comes
 * back while a test runs and every count is exact; each test has its own endpoint, as the buckets
 * of one client (127.0.0.1) outlive a test.
 */
class RateLimitTest {

  private static final String CALL =
      "calls: { product: { service: catalog, path: \"/products/1\" } }\n"
          + "    response: { name: \"${product.name}\" }";

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0, maxBodySize: 1KB }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
      endpoints:
        GET /burst:
          rateLimit: { rate: 1/m, burst: 3 }
          CALL
        GET /keyed:
          rateLimit: { rate: 1/m, burst: 2, by: header:X-Api-Key }
          CALL
        GET /loops:
          rateLimit: { rate: 1/m, burst: 5 }
          CALL
        GET /refill:
          rateLimit: { rate: 20/m, burst: 1 }
          CALL
        POST /upload:
          rateLimit: { rate: 1/m, burst: 1 }
          CALL
        GET /pass:
          rateLimit: { rate: 1/m, burst: 5 }
          calls: { product: { service: catalog, path: "/products/1" } }
        GET /free:
          CALL
      """
          .replace("CALL", CALL);

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static HttpResponse<String> withKey(String path, String key) throws Exception {
    return key == null ? gw.get(path) : gw.get(path, "X-Api-Key", key);
  }

  private static int allowed(String path, String key, int tries) throws Exception {
    int allowed = 0;
    for (int i = 0; i < tries; i++) {
      HttpResponse<String> response = withKey(path, key);
      if (response.statusCode() == 200) {
        allowed++;
      } else {
        assertEquals(429, response.statusCode(), response.body());
      }
    }
    return allowed;
  }

  @Test
  void aBurstIsLetThroughThenTheClientIsToldToWait() throws Exception {
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> ok = gw.get("/burst");
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals("3", header(ok, "RateLimit-Limit"));
      assertEquals(Integer.toString(2 - i), header(ok, "RateLimit-Remaining"));
      long reset = Long.parseLong(header(ok, "RateLimit-Reset"));
      assertTrue(
          reset > 60L * i && reset <= 60L * (i + 1),
          "full again after the tokens used so far: " + reset);
    }
    HttpResponse<String> refused = gw.get("/burst");
    assertEquals(429, refused.statusCode(), refused.body());
    assertEquals("application/problem+json", header(refused, "content-type"));
    JsonObject problem = GatewayHarness.json(refused);
    assertEquals("urn:mosaic:problem:rate-limited", problem.getString("type"));
    assertEquals(429, problem.getInteger("status"));
    assertEquals("Too Many Requests", problem.getString("title"));
    assertEquals("/burst", problem.getString("instance"));
    assertTrue(problem.getString("requestId") != null, problem.encode());
    assertEquals(
        "60", header(refused, "Retry-After"), "the next token, in whole seconds rounded up");
    assertEquals("3", header(refused, "RateLimit-Limit"));
    assertEquals("0", header(refused, "RateLimit-Remaining"));
    assertEquals("180", header(refused, "RateLimit-Reset"));
    assertEquals(
        3,
        gw.stub("catalog").behaviour().requests(),
        "a refused request never reaches the service");
  }

  @Test
  void eachApiKeyHasItsOwnBudgetAndNoKeyMeansTheAddress() throws Exception {
    assertEquals(2, allowed("/keyed", "alice", 5));
    assertEquals(2, allowed("/keyed", "bob", 5));
    assertEquals(2, allowed("/keyed", null, 5), "without the header: counted by address");
    assertEquals(0, allowed("/keyed", "alice", 2), "alice's budget is still spent");
    assertEquals(6, gw.stub("catalog").behaviour().requests());
  }

  @Test
  void requestsSpreadOverEventLoopsShareOneBucket() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      inFlight.add(gw.getAsync("/loops"));
    }
    int ok = 0;
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      int status = f.get().statusCode();
      assertTrue(status == 200 || status == 429, "status " + status);
      ok += status == 200 ? 1 : 0;
    }
    assertEquals(5, ok, "exactly the burst, whichever loop served each request");
    assertEquals(5, gw.stub("catalog").behaviour().requests());
  }

  @Test
  void aTokenComesBackAfterItsInterval() throws Exception {
    // a 3 s interval: long enough that a loaded machine cannot stretch the first answer past it
    // (the second request would then find the token back), short enough to wait for
    long spent = System.nanoTime(); // the token is taken after this, when the request arrives
    assertEquals(200, gw.get("/refill").statusCode());
    HttpResponse<String> refused = gw.get("/refill");
    assertEquals(429, refused.statusCode(), "one token, spent");
    int retryAfter = Integer.parseInt(header(refused, "Retry-After"));
    assertTrue(
        retryAfter >= 1 && retryAfter <= 3, "Retry-After " + retryAfter + " s, interval 3 s");
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "a token came back",
        () -> GatewayHarness.holds(() -> gw.get("/refill").statusCode() == 200));
    long waited = (System.nanoTime() - spent) / 1_000_000;
    assertTrue(waited >= 2_950, "not before its interval (3s): " + waited + "ms");
  }

  @Test
  void aLimitedClientIsRefusedBeforeItsBodyIsRead() throws Exception {
    assertEquals(200, gw.post("/upload", "{\"name\":\"x\"}").statusCode());
    String big = "{\"name\":\"" + "x".repeat(4096) + "\"}";
    HttpResponse<String> refused = gw.post("/upload", big);
    assertEquals(
        429,
        refused.statusCode(),
        "refused before the body limit (413) could look at it: " + refused.body());
    assertEquals(1, gw.stub("catalog").behaviour().requests());
  }

  @Test
  void theBudgetIsOnAnswersWrittenFurtherOnEvenAFailedPassthrough() throws Exception {
    HttpResponse<String> streamed = gw.get("/pass");
    assertEquals(200, streamed.statusCode());
    assertEquals(
        "4", header(streamed, "RateLimit-Remaining"), "on the service's own streamed answer");
    gw.stub("catalog").behaviour().status(500);
    HttpResponse<String> failed = gw.get("/pass");
    assertEquals(502, failed.statusCode(), failed.body());
    assertEquals(
        "3",
        header(failed, "RateLimit-Remaining"),
        "the problem cleared the service's headers, not these");
  }

  @Test
  void anEndpointWithoutALimitSaysNothingAboutOne() throws Exception {
    HttpResponse<String> response = gw.get("/free");
    assertEquals(200, response.statusCode());
    assertEquals(null, header(response, "RateLimit-Limit"));
  }

  @Test
  void decisionsAreCountedByRouteNeverByClient() throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gw.uri("/keyed")).header("X-Api-Key", "carol");
    for (int i = 0; i < 3; i++) {
      gw.send(request.copy());
    }
    HttpResponse<String> metrics = gw.admin("GET", "/metrics", null);
    Scrape scrape = Scrape.parse(metrics.body());
    assertTrue(
        scrape.value(
                "mosaic_ratelimit_decisions_total",
                "route",
                "/keyed",
                "method",
                "GET",
                "result",
                "limited")
            >= 1);
    assertTrue(
        scrape.value(
                "mosaic_ratelimit_decisions_total",
                "route",
                "/keyed",
                "method",
                "GET",
                "result",
                "allowed")
            >= 2);
    assertTrue(!metrics.body().contains("carol"), "no client in any label");
    assertEquals(
        0, scrape.value("mosaic_ratelimit_shared_failures_total"), "no Redis, nothing failed");
    assertTrue(scrape.value("mosaic_ratelimit_buckets") >= 1);
  }
}
