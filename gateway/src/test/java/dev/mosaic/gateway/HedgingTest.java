package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.resilience.InstancePool;
import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.LatencyModel;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hedging: a call still unanswered after the hedge delay gets one duplicate on the other instance;
 * the first answer wins and the loser is cancelled (the slow stub sees its request go away long
 * before it would have answered); hedges spend the retry budget; a percentile delay starts once the
 * service's latency has been observed.
 */
class HedgingTest {

  private static final String CONFIG =
      """
      services:
        catalog:
          urls: ["{catalog}", "{catalog#2}"]
          timeout: 3s
          hedge: { after: 50ms }
          retry: { attempts: 1, minPerSecond: 100 }
          outlierEjection: { failures: 1000 }
        users:
          urls: ["{users}", "{users#2}"]
          timeout: 3s
          hedge: { after: 30ms }
          retry: { attempts: 1, budget: 20%, minPerSecond: 0 }
        orders:
          urls: ["{orders}", "{orders#2}"]
          timeout: 3s
          hedge: { after: p90, min: 5ms }
          retry: { attempts: 1, minPerSecond: 100 }
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

  private static long timedMillis(String path) throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = gw.get(path);
    assertEquals(200, response.statusCode(), response.body());
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Test
  void aHedgeWinsAgainstASlowInstanceAndTheLoserIsCancelled() throws Exception {
    Behaviour slow = gw.stub("catalog").behaviour().latency(new LatencyModel.Fixed(2000));
    Behaviour fast = gw.stub("catalog#2").behaviour();
    for (int i = 0; i < 4; i++) {
      long millis = timedMillis("/p/" + (i + 1));
      assertTrue(
          millis < 1000,
          "the hedge answered long before the slow instance would: " + millis + "ms");
    }
    assertEquals(2, slow.requests(), "every other first try went to the slow instance");
    assertEquals(4, fast.requests(), "every answer came from the fast instance");
    eventually(
        Duration.ofMillis(1500),
        "the losing requests were cancelled, not left to finish",
        () -> slow.inFlight() == 0);
    InstancePool pool = gw.gateway().guards().of("catalog").instances();
    eventually(
        Duration.ofSeconds(1),
        "in-flight counts given back",
        () -> pool.instance(0).inFlight() == 0 && pool.instance(1).inFlight() == 0);
  }

  @Test
  void hedgesSpendTheRetryBudget() throws Exception {
    // both instances slow, so every call is worth a hedge; with 20% of calls and no floor, ten
    // calls get two (at the fifth and the tenth)
    gw.stub("users").behaviour().latency(new LatencyModel.Fixed(200));
    gw.stub("users#2").behaviour().latency(new LatencyModel.Fixed(200));
    for (int i = 0; i < 10; i++) {
      assertEquals(200, gw.get("/u/" + (i + 1)).statusCode());
    }
    assertEquals(
        12, gw.stub("users").behaviour().requests() + gw.stub("users#2").behaviour().requests());
  }

  @Test
  void aPercentileDelayHedgesOnceTheLatencyIsKnown() throws Exception {
    for (int i = 0; i < 40; i++) {
      assertEquals(200, gw.get("/o/" + (i + 1)).statusCode()); // both instances fast: a small p90
    }
    eventually(
        Duration.ofSeconds(15),
        "the p90 of orders was measured",
        () -> gw.gateway().guards().of("orders").latency().percentileNanos(90) > 0);
    gw.stub("orders").behaviour().latency(new LatencyModel.Fixed(2000));
    for (int i = 0; i < 4; i++) {
      long millis = timedMillis("/o/" + (i + 1));
      assertTrue(millis < 1000, "hedged after the observed p90, not after 2s: " + millis + "ms");
    }
    assertTrue(gw.stub("orders").behaviour().requests() >= 1);
  }
}
