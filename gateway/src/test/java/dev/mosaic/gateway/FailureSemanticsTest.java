package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.json;
import static dev.mosaic.gateway.ProblemAssertions.call;
import static dev.mosaic.gateway.ProblemAssertions.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each row of the failure table in docs/rules.md ("Failures"), caused for real through the stubs'
 * controls.
 */
class FailureSemanticsTest {

  // catalog and inventory answer at once unless a test hangs them: their 1 s timeouts only have
  // to outlast a loaded machine (300 ms did not, once, with a CPU hog beside the suite)
  private static final String CONFIG =
      """
      services:
        catalog:   { urls: ["{catalog}"], timeout: 1s }
        inventory: { urls: ["{inventory}"], timeout: 1s }
        users:     { urls: ["{users}"], timeout: 5s }
        orders:    { urls: ["{orders}"], timeout: 300ms, poolSize: 1, maxWaitQueue: 0 }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock:   { service: inventory, path: "/stock/${path.id}", optional: true, fallback: { available: 0 } }
          response: { name: "${product.name}", available: "${stock.available}" }
        GET /slow/{id}:
          deadline: 400ms
          calls:
            user: { service: users, path: "/users/${path.id}" }
          response: { name: "${user.name}" }
        GET /orders/{id}:
          calls:
            order: { service: orders, path: "/orders/${path.id}" }
          response: { id: "${order.id}" }
        GET /near-deadline/{id}:
          deadline: 300ms
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock:   { service: inventory, path: "/stock/${path.id}", optional: true, fallback: { available: 0 }, timeout: 5s }
          response: { name: "${product.name}", available: "${stock.available}" }
        GET /later/{id}:
          calls:
            order: { service: orders, path: "/orders/${path.id}" }
            user:  { service: users, path: "/users/${order.customerId}/${query.m}" }
          response: { id: "${order.id}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @Test
  void optionalFailureGivesTheFallbackAndTheDegradedMarker() throws Exception {
    gw.stub("inventory").behaviour().hang(true);
    HttpResponse<String> response = gw.get("/products/5");
    assertEquals(200, response.statusCode());
    assertEquals(0, json(response).getInteger("available"));
    assertEquals("stock", response.headers().firstValue("Mosaic-Degraded").orElseThrow());
  }

  @Test
  void required404Is404() throws Exception {
    JsonObject p = problem(gw.get("/products/999999"), 404);
    assertEquals("not-found", call(p, "product").getString("outcome"));
    assertEquals(404, call(p, "product").getInteger("status"));
  }

  @Test
  void requiredOther4xxPassesTheStatusButNotTheBody() throws Exception {
    gw.stub("catalog").behaviour().status(409);
    HttpResponse<String> response = gw.get("/products/5");
    JsonObject p = problem(response, 409);
    assertEquals("client-error", call(p, "product").getString("outcome"));
    assertFalse(
        response.body().contains("forced by the control API"), "the service's body must not leak");
  }

  @Test
  void required5xxIs502() throws Exception {
    gw.stub("catalog").behaviour().status(500);
    JsonObject p = problem(gw.get("/products/5"), 502);
    assertEquals("error", call(p, "product").getString("outcome"));
    assertEquals(500, call(p, "product").getInteger("status"));
  }

  @Test
  void refusedConnectionIs502() throws Exception {
    GatewayHarness.await(gw.stub("catalog").refuse());
    // A keep-alive connection the stub closed as it stopped listening may still be in the
    // gateway's pool for a moment: a call on it breaks as a reset. Either way it is a 502, and
    // once the pool has noticed, new calls fail to connect.
    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonObject p;
    String outcome;
    do {
      p = problem(gw.get("/products/5"), 502);
      outcome = call(p, "product").getString("outcome");
      assertTrue(outcome.equals("connect-failed") || outcome.equals("reset"), outcome);
    } while (!outcome.equals("connect-failed") && System.nanoTime() < deadline);
    assertEquals("connect-failed", outcome);
    assertFalse(p.encode().contains("127.0.0.1"), "no backend address in problem details");
  }

  @Test
  void invalidJsonIs502() throws Exception {
    gw.stub("catalog").behaviour().garbage(true);
    JsonObject p = problem(gw.get("/products/5"), 502);
    assertEquals("invalid-json", call(p, "product").getString("outcome"));
  }

  @Test
  void connectionResetIs502() throws Exception {
    gw.stub("catalog").behaviour().reset(true);
    JsonObject p = problem(gw.get("/products/5"), 502);
    assertEquals("reset", call(p, "product").getString("outcome"));
  }

  @Test
  void callTimeoutIs504AndTheOtherCallsAreCancelled() throws Exception {
    gw.stub("catalog").behaviour().hang(true);
    long started = System.nanoTime();
    JsonObject p = problem(gw.get("/products/5"), 504);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals("timeout", call(p, "product").getString("outcome"));
    assertTrue(millis >= 990 && millis < 3_000, "answered after " + millis + "ms for a 1s timeout");
  }

  @Test
  void deadlineIs504InTimeWhileTheServiceHangs() throws Exception {
    gw.stub("users").behaviour().hang(true);
    long started = System.nanoTime();
    JsonObject p = problem(gw.get("/slow/5"), 504);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals("urn:mosaic:problem:deadline", p.getString("type"));
    assertEquals("deadline", call(p, "user").getString("outcome"));
    // calls must end 5% (at most 20 ms) before the deadline, leaving room for fallbacks and shaping
    assertTrue(
        millis >= 370 && millis < 2_000, "answered after " + millis + "ms for a 400ms deadline");
    // the hung exchange was reset, not left holding the connection
    gw.stub("users").behaviour().hang(false);
    assertEquals(200, gw.get("/slow/5").statusCode());
  }

  @Test
  void anOptionalCallOutOfTimeDegradesInsteadOfFailingTheDeadline() throws Exception {
    // inventory's own timeout (5s) is longer than the deadline: the call must still end in time
    // for its fallback to be used
    gw.stub("inventory").behaviour().hang(true);
    long started = System.nanoTime();
    HttpResponse<String> response = gw.get("/near-deadline/5");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("stock", response.headers().firstValue("Mosaic-Degraded").orElseThrow());
    assertEquals(0, json(response).getInteger("available"));
    assertTrue(
        millis >= 270 && millis < 2_000, "answered after " + millis + "ms for a 300ms deadline");
  }

  @Test
  void clientInputOfALaterCallIsCheckedBeforeAnythingIsSent() throws Exception {
    HttpResponse<String> response = gw.get("/later/5?m=..");
    JsonObject p = problem(response, 400);
    assertTrue(p.getString("detail").contains("${query.m}"), p.encode());
    // asserted on this route's services, not on every stub's count: an optional call an earlier
    // test's failure cancelled can still land on inventory after that test has ended
    assertEquals(
        List.of(),
        gw.stub("orders").behaviour().recentLines(),
        "the first call must not have been sent either");
    assertEquals(List.of(), gw.stub("users").behaviour().recentLines());
  }

  @Test
  void aClientThatLeavesCancelsItsCalls() throws Exception {
    gw.stub("users").behaviour().hang(true);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gw.port())) {
      socket.getOutputStream().write("GET /slow/5 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
      socket.getOutputStream().flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (gw.stub("users").behaviour().inFlight() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(1, gw.stub("users").behaviour().inFlight(), "the call reached the service");
    }
    long deadline =
        System.nanoTime()
            + TimeUnit.MILLISECONDS.toNanos(300); // well before /slow's 400ms deadline
    while (gw.stub("users").behaviour().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(
        0,
        gw.stub("users").behaviour().inFlight(),
        "the gateway reset the call when the client left");
  }

  @Test
  void fullPoolFailsFastWith503AndRetryAfter() throws Exception {
    gw.stub("orders").behaviour().hang(true);
    // two server instances → two clients, each with one connection and no wait queue: the third
    // concurrent request finds its loop's only connection busy and is turned away at once
    List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inFlight.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return gw.get("/orders/1");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> f : inFlight) {
      HttpResponse<String> response = f.get(10, TimeUnit.SECONDS);
      statuses.add(response.statusCode());
      if (response.statusCode() == 503) {
        assertEquals("1", response.headers().firstValue("retry-after").orElseThrow());
        assertEquals("rejected", call(json(response), "order").getString("outcome"));
      }
    }
    assertTrue(statuses.contains(503), "statuses " + statuses);
    assertTrue(statuses.stream().allMatch(s -> s == 503 || s == 504), "statuses " + statuses);
  }

  @Test
  void aBrokenServiceCostsOnlyItsOwnCalls() throws Exception {
    gw.stub("catalog").behaviour().garbage(true);
    for (int i = 0; i < 20; i++) {
      assertEquals(502, gw.get("/products/" + i).statusCode());
      assertEquals(200, gw.get("/slow/" + (i + 1)).statusCode());
    }
  }
}
