package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.LatencyModel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The executor runs a DAG: calls start as soon as what they read is ready. Timings are compared
 * with a baseline measured in the same run (a direct call to a stub), with generous margins.
 */
class SchedulingTest {

  private static final String CONFIG =
      """
      services:
        catalog:   { urls: ["{catalog}"], timeout: 2s }
        inventory: { urls: ["{inventory}"], timeout: 2s }
        reviews:   { urls: ["{reviews}"], timeout: 2s }
        users:     { urls: ["{users}"], timeout: 2s }
        orders:    { urls: ["{orders}"], timeout: 2s }
      endpoints:
        GET /fan/{id}:
          calls:
            a: { service: catalog,   path: "/products/${path.id}" }
            b: { service: inventory, path: "/stock/${path.id}" }
            c: { service: reviews,   path: "/reviews?productId=${path.id}" }
        GET /mixed/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            slow:    { service: reviews, path: "/reviews?productId=${path.id}" }
            seller:  { service: users,   path: "/users/${product.sellerId}" }
        GET /chain/{id}:
          calls:
            order:    { service: orders,  path: "/orders/${path.id}" }
            customer: { service: users,   path: "/users/${order.customerId}" }
            first:    { service: catalog, path: "/products/${order.items[0].productId}" }
            seller:   { service: users,   path: "/users/${first.sellerId}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @BeforeAll
  static void warmUp() throws Exception {
    for (int i = 0; i < 50; i++) { // warm the JIT and the connection pools before timing anything
      gw.get("/fan/" + (i + 1));
      gw.get("/mixed/" + (i + 1));
    }
  }

  private static long medianMillis(long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  @Test
  void threeSlowCallsTakeAsLongAsOneNotTheSum() throws Exception {
    LatencyModel hundred = new LatencyModel.Fixed(100);
    gw.stub("catalog").behaviour().latency(hundred);
    gw.stub("inventory").behaviour().latency(hundred);
    gw.stub("reviews").behaviour().latency(hundred);
    long[] direct = new long[5];
    long[] composed = new long[5];
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      assertEquals(200, gw.direct("catalog", "/products/7").statusCode());
      direct[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      long t1 = System.nanoTime();
      assertEquals(200, gw.get("/fan/7").statusCode());
      composed[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
    }
    long baseline = medianMillis(direct);
    long fanOut = medianMillis(composed);
    assertTrue(baseline >= 100, "baseline " + baseline);
    assertTrue(
        fanOut < baseline + 150,
        "3×100ms calls took "
            + fanOut
            + "ms (in turn: +200ms); one direct call "
            + baseline
            + "ms");
  }

  @Test
  void aDependentCallStartsBeforeAnUnrelatedSlowCallEnds() throws Exception {
    gw.stub("reviews").behaviour().latency(new LatencyModel.Fixed(400));
    long t0 = System.nanoTime();
    assertEquals(200, gw.get("/mixed/42").statusCode());
    long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    long slowArrived = gw.stub("reviews").behaviour().recentArrivals().get(0);
    long sellerArrived = gw.stub("users").behaviour().recentArrivals().get(0);
    // before the slow call could have answered; the exact order is PlanExecutionTest's, on manual
    // time
    assertTrue(
        sellerArrived - slowArrived < 400,
        "seller started "
            + (sellerArrived - slowArrived)
            + "ms after the 400ms call; it waits for the product only");
    assertTrue(
        total >= 400 && total < 400 + 1000,
        "answer after " + total + "ms: it follows the slowest chain");
  }

  @Test
  void aChainRunsInOrderAndSiblingsOverlap() throws Exception {
    // 100ms each, so a loaded machine's jitter stays well below what tells "together" from "in
    // turn"
    LatencyModel hundred = new LatencyModel.Fixed(100);
    gw.stub("orders").behaviour().latency(hundred);
    gw.stub("catalog").behaviour().latency(hundred);
    gw.stub("users").behaviour().latency(hundred);
    long t0 = System.nanoTime();
    assertEquals(200, gw.get("/chain/9").statusCode());
    long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    // order → first → seller is the longest chain: 3 × 100ms; customer runs beside first
    assertTrue(
        total >= 300 && total < 300 + 1000, "chain of three 100ms calls took " + total + "ms");
    List<Long> users = gw.stub("users").behaviour().recentArrivals();
    long orderAt = gw.stub("orders").behaviour().recentArrivals().get(0);
    long productAt = gw.stub("catalog").behaviour().recentArrivals().get(0);
    assertTrue(productAt - orderAt >= 95, "the product call waited for the order");
    assertEquals(2, users.size());
    assertTrue(
        Math.abs(users.get(0) - productAt) < 100,
        "customer started together with the product call: "
            + (users.get(0) - productAt)
            + "ms apart, in turn would be 100ms");
  }
}
