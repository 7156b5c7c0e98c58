package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static dev.mosaic.gateway.ProblemAssertions.call;
import static dev.mosaic.gateway.ProblemAssertions.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.LatencyModel;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The per-service circuit breaker end to end, as Resilience4j's and Hystrix's own state-machine
 * tests check it: what opens it and what does not, what happens while open, half-open probes, and
 * recovery. Each test starts its own gateway, so no breaker state leaks between tests; the stub's
 * own request counter is the witness of what reached the service.
 */
class CircuitBreakerTest {

  /** BREAKER is replaced per test; users has a short timeout for the timeout test. */
  private static final String CONFIG =
      """
      services:
        catalog: { urls: ["{catalog}"], timeout: 1s, circuitBreaker: BREAKER }
        reviews: { urls: ["{reviews}"], timeout: 1s, circuitBreaker: BREAKER }
        users:   { urls: ["{users}"], timeout: 300ms, circuitBreaker: BREAKER }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /raw/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
        GET /opt/{id}:
          calls:
            reviews: { service: reviews, path: "/reviews?productId=${path.id}", optional: true, fallback: [] }
          response: { count: "${$count(reviews)}" }
        GET /u/{id}:
          calls:
            user: { service: users, path: "/users/${path.id}" }
          response: { name: "${user.name}" }
        GET /mixed/{id}:
          calls:
            user: { service: users, path: "/users/${path.id}" }
            reviews: { service: reviews, path: "/reviews?productId=${path.id}", optional: true, fallback: [] }
          response: { name: "${user.name}" }
        GET /chain/{id}:
          deadline: 250ms
          calls:
            user: { service: users, path: "/users/${path.id}" }
            product: { service: catalog, path: "/products/${user.id}" }
          response: { name: "${product.name}" }
      """;

  private static GatewayHarness start(String breaker) throws Exception {
    return GatewayHarness.start(CONFIG.replace("BREAKER", breaker));
  }

  private static CircuitBreakerState state(GatewayHarness gw, String service) {
    return gw.gateway().guards().of(service).breaker().state();
  }

  @Test
  void aServiceFailingEveryOtherCallTripsAtTheRateOnceTheWindowHoldsMinCalls() throws Exception {
    // Vert.x's own maxFailures would never trip here: every success resets its count.
    try (GatewayHarness gw = start("{ failureRate: 50%, minCalls: 10, openFor: 30s }")) {
      Behaviour catalog = gw.stub("catalog").behaviour();
      for (int i = 1; i <= 10; i++) {
        catalog.status(i % 2 == 0 ? 500 : 0);
        assertEquals(i % 2 == 0 ? 502 : 200, gw.get("/p/1").statusCode(), "call " + i);
        if (i < 10) {
          assertEquals(
              CircuitBreakerState.CLOSED,
              state(gw, "catalog"),
              "no verdict before minCalls, call " + i);
        }
      }
      assertEquals(CircuitBreakerState.OPEN, state(gw, "catalog"));
      assertEquals(10, catalog.requests());

      catalog.status(0);
      HttpResponse<String> rejected = gw.get("/p/1");
      JsonObject p = problem(rejected, 503);
      assertEquals("breaker-open", call(p, "product").getString("outcome"));
      long retryAfter = Long.parseLong(rejected.headers().firstValue("retry-after").orElseThrow());
      assertTrue(
          retryAfter >= 25 && retryAfter <= 30,
          "Retry-After counts down the open time: " + retryAfter);
      assertEquals(10, catalog.requests(), "an open breaker does not touch the service");
    }
  }

  @Test
  void belowTheRateOrBelowMinCallsItStaysClosed() throws Exception {
    try (GatewayHarness gw = start("{ failureRate: 50%, minCalls: 10, openFor: 30s }")) {
      Behaviour catalog = gw.stub("catalog").behaviour();
      for (int i = 1; i <= 10; i++) {
        catalog.status(i <= 4 ? 500 : 0); // 40%
        gw.get("/p/1");
      }
      assertEquals(CircuitBreakerState.CLOSED, state(gw, "catalog"));
      assertEquals(200, gw.get("/p/1").statusCode());
      assertEquals(11, catalog.requests());

      Behaviour users = gw.stub("users").behaviour().status(500);
      for (int i = 1; i <= 9; i++) {
        assertEquals(502, gw.get("/u/1").statusCode());
      }
      assertEquals(
          CircuitBreakerState.CLOSED,
          state(gw, "users"),
          "9 of 9 failed, but 9 calls are too few to judge");
      gw.get("/u/1");
      assertEquals(10, users.requests(), "the tenth call still reached the service");
    }
  }

  @Test
  void whileOpenOptionalCallsGetTheirFallbackWithoutTouchingTheService() throws Exception {
    try (GatewayHarness gw = start("{ failures: 3, openFor: 30s }")) {
      Behaviour reviews = gw.stub("reviews").behaviour().status(500);
      for (int i = 0; i < 3; i++) {
        assertEquals(200, gw.get("/opt/1").statusCode());
      }
      assertEquals(CircuitBreakerState.OPEN, state(gw, "reviews"));
      reviews.status(0);
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> degraded = gw.get("/opt/1");
        assertEquals(200, degraded.statusCode(), degraded.body());
        assertEquals("{\"count\":0}", degraded.body());
        assertEquals("reviews", degraded.headers().firstValue("Mosaic-Degraded").orElseThrow());
        assertTrue(
            degraded.headers().firstValue("Server-Timing").orElseThrow().contains("fallback"));
      }
      assertEquals(3, reviews.requests(), "twenty answers, and the service saw none of them");
    }
  }

  @Test
  void halfOpenAdmitsExactlyTheConfiguredProbesAndTheirSuccessCloses() throws Exception {
    try (GatewayHarness gw = start("{ failures: 2, openFor: 300ms, probes: 2 }")) {
      Behaviour catalog = gw.stub("catalog").behaviour().status(500);
      gw.get("/p/1");
      gw.get("/p/1");
      assertEquals(CircuitBreakerState.OPEN, state(gw, "catalog"));
      catalog
          .status(0)
          .latency(new LatencyModel.Fixed(400)); // healthy but slow: the probes stay in flight
      eventually(
          Duration.ofSeconds(5),
          "half-open after openFor",
          () -> state(gw, "catalog") == CircuitBreakerState.HALF_OPEN);

      List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        concurrent.add(gw.getAsync("/p/1"));
      }
      int ok = 0;
      int rejected = 0;
      for (CompletableFuture<HttpResponse<String>> f : concurrent) {
        int status = f.get().statusCode();
        ok += status == 200 ? 1 : 0;
        rejected += status == 503 ? 1 : 0;
      }
      assertEquals(2, ok, "exactly the two probes went through");
      assertEquals(4, rejected);
      assertEquals(4, catalog.requests(), "2 failures + 2 probes");
      assertEquals(CircuitBreakerState.CLOSED, state(gw, "catalog"), "both probes succeeded");
      catalog.latency(LatencyModel.NONE);
      assertEquals(200, gw.get("/p/1").statusCode());
      assertEquals(5, catalog.requests());
    }
  }

  @Test
  void aFailedProbeReopens() throws Exception {
    try (GatewayHarness gw = start("{ failures: 2, openFor: 300ms, probes: 1 }")) {
      Behaviour catalog = gw.stub("catalog").behaviour().status(500);
      gw.get("/p/1");
      gw.get("/p/1");
      eventually(
          Duration.ofSeconds(5),
          "half-open",
          () -> state(gw, "catalog") == CircuitBreakerState.HALF_OPEN);
      assertEquals(502, gw.get("/p/1").statusCode(), "the probe reached the still-broken service");
      assertEquals(3, catalog.requests());
      assertEquals(CircuitBreakerState.OPEN, state(gw, "catalog"));
      problem(gw.get("/p/1"), 503);
      assertEquals(3, catalog.requests());
    }
  }

  @Test
  void aProbeCancelledBeforeItsVerdictIsGivenBack() throws Exception {
    try (GatewayHarness gw = start("{ failures: 2, openFor: 300ms, probes: 1 }")) {
      Behaviour reviews = gw.stub("reviews").behaviour().status(500);
      gw.get("/opt/1");
      gw.get("/opt/1");
      // the probe must still be out when the sibling fails (reviews 900 ms > users 250 ms, both
      // within their timeouts), and the window between leaves room for a loaded machine
      reviews.status(0).latency(new LatencyModel.Fixed(900));
      eventually(
          Duration.ofSeconds(5),
          "half-open",
          () -> state(gw, "reviews") == CircuitBreakerState.HALF_OPEN);

      // the probe goes out with a required sibling that will fail and cancel it
      gw.stub("users").behaviour().latency(new LatencyModel.Fixed(250)).status(500);
      CompletableFuture<HttpResponse<String>> mixed = gw.getAsync("/mixed/1");
      eventually(Duration.ofSeconds(5), "the probe reached reviews", () -> reviews.inFlight() == 1);
      for (int i = 0; i < 3; i++) {
        assertEquals(
            "reviews",
            gw.get("/opt/1").headers().firstValue("Mosaic-Degraded").orElseThrow(),
            "no probe left while the first is out");
      }
      assertEquals(502, mixed.get().statusCode());

      reviews.latency(LatencyModel.NONE);
      HttpResponse<String> probe = gw.get("/opt/1");
      assertTrue(
          probe.headers().firstValue("Mosaic-Degraded").isEmpty(),
          "the cancelled probe was given back");
      assertEquals(CircuitBreakerState.CLOSED, state(gw, "reviews"));
    }
  }

  @Test
  void aCallCutByTheEndpointsDeadlineIsNotBlamedOnItsService() throws Exception {
    // users takes 200ms of the 250ms deadline; catalog, healthy but given ~40ms, is cut every time
    try (GatewayHarness gw = start("{ failures: 2, openFor: 30s }")) {
      gw.stub("users").behaviour().latency(new LatencyModel.Fixed(200));
      gw.stub("catalog").behaviour().latency(new LatencyModel.Fixed(100));
      for (int i = 0; i < 4; i++) {
        assertEquals(
            "deadline", call(problem(gw.get("/chain/1"), 504), "product").getString("outcome"));
      }
      assertEquals(CircuitBreakerState.CLOSED, state(gw, "catalog"));
    }
  }

  @Test
  void clientErrorsNeverTripIt() throws Exception {
    try (GatewayHarness gw = start("{ failures: 3, minCalls: 3, openFor: 30s }")) {
      Behaviour catalog = gw.stub("catalog").behaviour();
      for (int i = 0; i < 10; i++) {
        catalog.status(i % 2 == 0 ? 404 : 409);
        assertEquals(i % 2 == 0 ? 404 : 409, gw.get("/p/1").statusCode());
      }
      assertEquals(CircuitBreakerState.CLOSED, state(gw, "catalog"));
      assertEquals(10, catalog.requests());
    }
  }

  @Test
  void timeoutsTripItAndThenCallsFailFast() throws Exception {
    try (GatewayHarness gw = start("{ failures: 3, openFor: 30s }")) {
      Behaviour users = gw.stub("users").behaviour().hang(true);
      for (int i = 0; i < 3; i++) {
        assertEquals("timeout", call(problem(gw.get("/u/1"), 504), "user").getString("outcome"));
      }
      assertEquals(CircuitBreakerState.OPEN, state(gw, "users"));
      JsonObject p = problem(gw.get("/u/1"), 503);
      assertEquals("breaker-open", call(p, "user").getString("outcome"));
      // failing fast is the service not being called (BreakerCallerTest); a time bound would flake
      assertEquals(3, users.requests());
    }
  }

  @Test
  void passthroughEndpointsAreGuardedToo() throws Exception {
    try (GatewayHarness gw = start("{ failures: 2, openFor: 30s }")) {
      Behaviour catalog = gw.stub("catalog").behaviour().status(503);
      assertEquals(502, gw.get("/raw/1").statusCode());
      assertEquals(502, gw.get("/raw/1").statusCode());
      HttpResponse<String> rejected = gw.get("/raw/1");
      assertEquals("breaker-open", call(problem(rejected, 503), "product").getString("outcome"));
      assertTrue(rejected.headers().firstValue("retry-after").isPresent());
      assertEquals(2, catalog.requests());
    }
  }

  @Test
  void oneBreakerServesEveryEventLoop() throws Exception {
    // four failures at once arrive on four connections, which the two server instances share:
    // a breaker per event loop would have seen two each and stayed closed
    try (GatewayHarness gw = start("{ failures: 4, openFor: 30s }")) {
      gw.stub("catalog").behaviour().status(500).latency(new LatencyModel.Fixed(100));
      List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        concurrent.add(gw.getAsync("/p/1"));
      }
      for (CompletableFuture<HttpResponse<String>> f : concurrent) {
        assertEquals(502, f.get().statusCode());
      }
      assertEquals(CircuitBreakerState.OPEN, state(gw, "catalog"));
    }
  }
}
