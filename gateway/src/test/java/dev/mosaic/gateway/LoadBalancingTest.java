package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.resilience.InstancePool;
import dev.mosaic.stubs.Behaviour;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several instances per service: round-robin spreads calls, an instance with consecutive failures
 * is ejected and gets no traffic until its period ends, and never every instance at once.
 */
class LoadBalancingTest {

  private static final String CONFIG =
      """
      services:
        catalog:
          urls: ["{catalog}", "{catalog#2}"]
          outlierEjection: { failures: 3, ejectFor: 700ms }
        users:
          urls: ["{users}", "{users#2}"]
          outlierEjection: { failures: 2, ejectFor: 30s }
        orders: { urls: ["{orders}", "{orders#2}"] }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /u/{id}:
          calls:
            user: { service: users, path: "/users/${path.id}" }
          response: { name: "${user.name}" }
        GET /o/{id}:
          calls:
            order: { service: orders, path: "/orders/${path.id}" }
          response: { id: "${order.id}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @Test
  void roundRobinSpreadsCallsEvenly() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertEquals(200, gw.get("/o/" + (i + 1)).statusCode());
    }
    assertEquals(5, gw.stub("orders").behaviour().requests());
    assertEquals(5, gw.stub("orders#2").behaviour().requests());
  }

  @Test
  void anEjectedInstanceGetsNoTrafficUntilItsPeriodEnds() throws Exception {
    InstancePool pool = gw.gateway().guards().of("catalog").instances();
    Behaviour broken = gw.stub("catalog").behaviour().status(500);
    Behaviour healthy = gw.stub("catalog#2").behaviour();
    for (int i = 0; i < 20 && !pool.ejected(0); i++) {
      gw.get("/p/1");
    }
    assertTrue(pool.ejected(0), "three consecutive failures eject it");
    assertEquals(3, broken.requests());
    long whileEjected = 0;
    for (int i = 0; i < 10 && pool.ejected(0); i++) {
      assertEquals(200, gw.get("/p/1").statusCode());
      whileEjected++;
    }
    assertTrue(whileEjected >= 5, "the ejection lasted a while: " + whileEjected + " calls");
    assertEquals(3, broken.requests(), "no traffic while ejected");

    broken.status(0);
    eventually(Duration.ofSeconds(3), "the ejection period ended", () -> !pool.ejected(0));
    long before = healthy.requests();
    for (int i = 0; i < 4; i++) {
      assertEquals(200, gw.get("/p/1").statusCode());
    }
    assertEquals(2, broken.requests() - 3, "back in rotation: every other call");
    assertEquals(2, healthy.requests() - before);
  }

  @Test
  void neverEveryInstanceAtOnce() throws Exception {
    InstancePool pool = gw.gateway().guards().of("users").instances();
    Behaviour first = gw.stub("users").behaviour().status(500);
    Behaviour second = gw.stub("users#2").behaviour().status(500);
    for (int i = 0; i < 12; i++) {
      assertEquals(502, gw.get("/u/1").statusCode());
    }
    int ejected = (pool.ejected(0) ? 1 : 0) + (pool.ejected(1) ? 1 : 0);
    assertEquals(1, ejected, "one is ejected, the last one stays in rotation");
    long stillServing = pool.ejected(0) ? second.requests() : first.requests();
    assertTrue(stillServing >= 6, "the one left keeps taking the calls: " + stillServing);
    assertEquals(12, first.requests() + second.requests());
  }
}
