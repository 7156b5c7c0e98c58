package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.resilience.InstancePool;
import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.ColdStart;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Warm-up pings: they keep a cold-starting (serverless-like) service warm while an unpinged one
 * goes cold, they open each event loop's connections at start-up, and their failures eject an
 * instance before real traffic ever meets it.
 */
class WarmupTest {

  @Test
  void pingsKeepAColdStartingServiceWarm() throws Exception {
    try (GatewayHarness gw =
        GatewayHarness.start(
            """
        services:
          catalog: { urls: ["{catalog}"], timeout: 3s, warmup: { path: /health, every: 100ms } }
          users:   { urls: ["{users}"], timeout: 3s }
        endpoints:
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: { name: "${product.name}" }
          GET /u/{id}:
            calls:
              user: { service: users, path: "/users/${path.id}" }
            response: { name: "${user.name}" }
        """)) {
      ColdStart.Settings coldAfterIdle = new ColdStart.Settings(500, 800);
      Behaviour pinged = gw.stub("catalog").behaviour().coldStart(coldAfterIdle);
      Behaviour idle = gw.stub("users").behaviour().coldStart(coldAfterIdle);
      eventually(Duration.ofSeconds(5), "the unpinged service went cold", idle::cold);
      assertFalse(pinged.cold(), "the pinged one is warm at the same moment");

      long started = System.nanoTime();
      assertEquals(200, gw.get("/p/1").statusCode());
      long warmMillis = (System.nanoTime() - started) / 1_000_000;
      started = System.nanoTime();
      assertEquals(200, gw.get("/u/1").statusCode());
      long coldMillis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(
          warmMillis < 800, "no 800ms cold start for the pinged service: " + warmMillis + "ms");
      assertTrue(coldMillis >= 800, "the unpinged one paid its cold start: " + coldMillis + "ms");
      assertEquals(0, pinged.coldStarts());
      assertEquals(1, idle.coldStarts());
      assertTrue(pinged.recentLines().contains("GET /health"));
    }
  }

  @Test
  void everyEventLoopOpensItsConnectionsAtStartUp() throws Exception {
    // two server instances (event loops) × three connections; no periodic pings
    try (GatewayHarness gw =
        GatewayHarness.start(
            """
        services:
          orders: { urls: ["{orders}"], warmup: { path: /health, connections: 3 } }
        endpoints:
          GET /o/{id}:
            calls:
              order: { service: orders, path: "/orders/${path.id}" }
            response: { id: "${order.id}" }
        """)) {
      Behaviour orders = gw.stub("orders").behaviour();
      eventually(Duration.ofSeconds(5), "six start-up pings", () -> orders.requests() >= 6);
      assertEquals(6, orders.requests());
      assertTrue(
          orders.recentLines().stream().allMatch("GET /health"::equals),
          orders.recentLines().toString());
    }
  }

  @Test
  void failingPingsEjectAnInstanceBeforeRealTrafficMeetsIt() throws Exception {
    try (GatewayHarness gw =
        GatewayHarness.start(
            """
        services:
          catalog:
            urls: ["{catalog}", "{catalog#2}"]
            warmup: { path: /health, every: 50ms, connections: 0 }
            outlierEjection: { failures: 2, ejectFor: 30s }
            circuitBreaker: { failures: 2 }
        endpoints:
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: { name: "${product.name}" }
        """)) {
      InstancePool pool = gw.gateway().guards().of("catalog").instances();
      Behaviour broken = gw.stub("catalog").behaviour().status(503);
      eventually(Duration.ofSeconds(5), "pings ejected the broken instance", () -> pool.ejected(0));
      assertEquals(
          io.vertx.circuitbreaker.CircuitBreakerState.CLOSED,
          gw.gateway().guards().of("catalog").breaker().state(),
          "pings are not traffic: the breaker never saw them");
      for (int i = 0; i < 6; i++) {
        assertEquals(200, gw.get("/p/" + (i + 1)).statusCode());
      }
      assertTrue(
          broken.recentLines().stream().allMatch("GET /health"::equals),
          "only pings reached the broken instance: " + broken.recentLines());
      assertEquals(
          6,
          gw.stub("catalog#2").behaviour().recentLines().stream()
              .filter(l -> l.startsWith("GET /products"))
              .count());
    }
  }
}
