package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static dev.mosaic.gateway.ProblemAssertions.call;
import static dev.mosaic.gateway.ProblemAssertions.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.LatencyModel;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bulkheads fail excess calls at once; retries happen only for idempotent calls, only on failures
 * that are safe to repeat, never past the call's time, and never beyond the retry budget. The
 * stubs' request logs show exactly what reached each service.
 */
class BulkheadAndRetryTest {

  private static final String CONFIG =
      """
      services:
        catalog:
          urls: ["{catalog}", "{catalog#2}"]
          timeout: 2s
          poolSize: 1   # a retried passthrough head that were not reset would pin the only connection
          retry: { attempts: 2, backoff: 5ms, minPerSecond: 100 }
          outlierEjection: { failures: 1000 } # retries are under test here, not ejection or budgets
        inventory:
          urls: ["{inventory}"]
          timeout: 2s
          maxInFlight: 2
        users:
          urls: ["{users}"]
          retry: { attempts: 3, backoff: 5ms }
        reviews:
          urls: ["{reviews}"]
          retry: { attempts: 3, backoff: 5ms, maxBackoff: 10ms, budget: 20%, minPerSecond: 0 }
        orders:
          urls: ["{orders}"]
          timeout: 2s
          retry: { attempts: 3, backoff: 400ms }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /raw/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
        GET /r/{id}:
          calls:
            reviews: { service: reviews, path: "/reviews?productId=${path.id}" }
          response: { count: "${$count(reviews)}" }
        GET /stock/{id}:
          calls:
            stock: { service: inventory, path: "/stock/${path.id}" }
          response: { available: "${stock.available}" }
        GET /stock-optional/{id}:
          calls:
            stock: { service: inventory, path: "/stock/${path.id}", optional: true, fallback: { available: null } }
          response: { available: "${stock.available}" }
        GET /u/{id}:
          calls:
            user: { service: users, path: "/users/${path.id}" }
          response: { name: "${user.name}" }
        POST /u/{id}/touch:
          calls:
            user: { service: users, method: POST, path: "/users/${path.id}/touch", body: {} }
          response: { ok: true }
        GET /o/{id}:
          deadline: 200ms
          calls:
            order: { service: orders, path: "/orders/${path.id}" }
          response: { id: "${order.id}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @Test
  void aFullBulkheadRejectsTheNextCallAtOnce() throws Exception {
    Behaviour inventory = gw.stub("inventory").behaviour().latency(new LatencyModel.Fixed(800));
    List<CompletableFuture<HttpResponse<String>>> filling = new ArrayList<>();
    filling.add(gw.getAsync("/stock/1"));
    filling.add(gw.getAsync("/stock/2"));
    eventually(
        Duration.ofSeconds(5),
        "two calls in flight at the service",
        () -> inventory.inFlight() == 2);

    long started = System.nanoTime();
    HttpResponse<String> rejected = gw.get("/stock/3");
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("bulkhead-full", call(problem(rejected, 503), "stock").getString("outcome"));
    assertTrue(rejected.headers().firstValue("retry-after").isPresent());
    assertTrue(millis < 800, "rejected without waiting 800ms for a slot: " + millis + "ms");

    HttpResponse<String> degraded = gw.get("/stock-optional/3");
    assertEquals(200, degraded.statusCode());
    assertEquals("stock", degraded.headers().firstValue("Mosaic-Degraded").orElseThrow());
    assertEquals(2, inventory.requests(), "neither rejected call reached the service");

    for (CompletableFuture<HttpResponse<String>> f : filling) {
      assertEquals(200, f.get().statusCode());
    }
    inventory.latency(LatencyModel.NONE);
    assertEquals(200, gw.get("/stock/3").statusCode(), "slots are given back when calls end");
    assertEquals(0, gw.gateway().guards().of("inventory").bulkhead().inFlight());
  }

  @Test
  void a503IsRetriedOnTheOtherInstance() throws Exception {
    Behaviour first = gw.stub("catalog").behaviour().status(503);
    Behaviour second = gw.stub("catalog#2").behaviour();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = gw.get("/p/" + (i + 1));
      assertEquals(200, r.statusCode(), r.body());
    }
    assertEquals(10, second.requests(), "every call ended on the healthy instance");
    assertEquals(5, first.requests(), "round-robin sent every other first try to the broken one");
  }

  @Test
  void aRefusedConnectionIsRetriedOnTheOtherInstance() throws Exception {
    GatewayHarness.await(gw.stub("catalog").refuse());
    for (int i = 0; i < 6; i++) {
      assertEquals(200, gw.get("/p/" + (i + 1)).statusCode());
    }
    assertEquals(6, gw.stub("catalog#2").behaviour().requests());
  }

  @Test
  void aRetriedPassthroughResetsTheHeadItDrops() throws Exception {
    // one pooled connection per instance and loop: a dropped 503 head left paused would hold it,
    // and the next request would wait for the pool until its timeout
    gw.stub("catalog").behaviour().status(503);
    gw.stub("catalog#2").behaviour().status(503);
    for (int i = 0; i < 6; i++) {
      long started = System.nanoTime();
      problem(gw.get("/raw/" + (i + 1)), 502);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 1000, "no wait for a pinned connection: " + millis + "ms");
    }
    assertEquals(
        12,
        gw.stub("catalog").behaviour().requests() + gw.stub("catalog#2").behaviour().requests());
  }

  @Test
  void aPostIsNeverRetried() throws Exception {
    Behaviour users = gw.stub("users").behaviour().status(503);
    problem(gw.post("/u/1/touch", "{}"), 502);
    assertEquals(1, users.requests());
  }

  @Test
  void aServerErrorThatMayHaveDoneWorkIsNotRetried() throws Exception {
    Behaviour users = gw.stub("users").behaviour().status(500);
    problem(gw.get("/u/1"), 502);
    assertEquals(1, users.requests(), "a 500 is not one of 502/503/504");
  }

  @Test
  void retriesStopAtTheBudget() throws Exception {
    // budget 20% of calls, no floor: call k may be retried while retries < 0.2 × k, so ten calls
    // that each want two retries get two in all (at calls 5 and 10); reviews serves no other test
    Behaviour reviews = gw.stub("reviews").behaviour().status(503);
    for (int i = 0; i < 10; i++) {
      problem(gw.get("/r/1"), 502);
    }
    assertEquals(12, reviews.requests());
  }

  @Test
  void noRetryStartsThatCouldNotEndBeforeTheCallsTime() throws Exception {
    // backoff 400ms (jittered to 200-400ms) against a 200ms deadline: never worth starting
    Behaviour orders = gw.stub("orders").behaviour().status(503);
    problem(gw.get("/o/1"), 502);
    // that no backoff is even scheduled is RetryingCallerTest's, on manual time; here: one request
    assertEquals(1, orders.requests());
  }
}
