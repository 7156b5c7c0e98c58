package dev.mosaic.gateway;

import static dev.mosaic.gateway.ProblemAssertions.call;
import static dev.mosaic.gateway.ProblemAssertions.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.BodyFault;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Answers that start well and go wrong in the body: cut half-way (the connection closes after the
 * headers promised more) or dripped a few bytes at a time. A cut body is a broken connection,
 * retried elsewhere when the call may be repeated; a dripping body counts against the call's time
 * like a silent one, and loses to a hedge.
 */
class BrokenBodiesTest {

  private static final String CONFIG =
      """
      services:
        catalog:
          urls: ["{catalog}", "{catalog#2}"]
          timeout: 2s
          retry: { attempts: 2, backoff: 5ms, minPerSecond: 100 }
          outlierEjection: { failures: 1000 }
        inventory:
          urls: ["{inventory}", "{inventory#2}"]
          timeout: 3s
          hedge: { after: 50ms }
          retry: { attempts: 1, minPerSecond: 100 }
          outlierEjection: { failures: 1000 }
        users: { urls: ["{users}"], timeout: 300ms }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /stock/{id}:
          calls:
            stock: { service: inventory, path: "/stock/${path.id}" }
          response: { available: "${stock.available}" }
        GET /u/{id}:
          calls:
            user: { service: users, path: "/users/${path.id}" }
          response: { name: "${user.name}" }
        GET /u-optional/{id}:
          calls:
            user: { service: users, path: "/users/${path.id}", optional: true, fallback: { name: null } }
          response: { name: "${user.name}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @Test
  void aBodyCutHalfWayIsRetriedOnTheOtherInstance() throws Exception {
    Behaviour cutting = gw.stub("catalog").behaviour().resetMidBody(true);
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> response = gw.get("/p/" + (i + 1));
      assertEquals(200, response.statusCode(), response.body());
    }
    assertEquals(3, cutting.requests(), "every other first try met the cutting instance");
    assertEquals(6, gw.stub("catalog#2").behaviour().requests());
  }

  @Test
  void aBodyCutHalfWayWithNoRetryIsA502Reset() throws Exception {
    gw.stub("users").behaviour().resetMidBody(true);
    assertEquals("reset", call(problem(gw.get("/u/1"), 502), "user").getString("outcome"));
  }

  @Test
  void aDrippingBodyIsBoundByTheCallsTimeout() throws Exception {
    gw.stub("users").behaviour().drip(new BodyFault.Drip(8, 100)); // a user is ~150 bytes: ~2s
    long started = System.nanoTime();
    assertEquals("timeout", call(problem(gw.get("/u/1"), 504), "user").getString("outcome"));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(
        millis >= 300 && millis < 300 + 1000,
        "cut at the 300ms timeout, not after the ~2s drip: " + millis + "ms");

    HttpResponse<String> degraded = gw.get("/u-optional/1");
    assertEquals(200, degraded.statusCode());
    assertEquals("{\"name\":null}", degraded.body());
  }

  @Test
  void aDrippingInstanceLosesToAHedge() throws Exception {
    Behaviour dripping = gw.stub("inventory").behaviour().drip(new BodyFault.Drip(4, 100));
    for (int i = 0; i < 4; i++) {
      long started = System.nanoTime();
      assertEquals(200, gw.get("/stock/" + (i + 1)).statusCode());
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 1000, "the hedge answered first: " + millis + "ms");
    }
    assertEquals(2, dripping.requests(), "round-robin sent every other first try there");
    assertEquals(4, gw.stub("inventory#2").behaviour().requests());
  }
}
