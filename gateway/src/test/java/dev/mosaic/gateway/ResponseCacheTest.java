package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.LatencyModel;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The composed-response cache: a whole answer served again without any call, keyed by route, path
 * and query values (in any order) and the varied headers; degraded answers never stored.
 */
class ResponseCacheTest {

  private static final String CONFIG =
      """
      services:
        catalog:   { urls: ["{catalog}"], timeout: 2s }
        inventory: { urls: ["{inventory}"], timeout: 300ms }
      endpoints:
        GET /products/{id}:
          headers: [Accept-Language]
          cache: { ttl: 30s, vary: [Accept-Language], tags: ["product:${path.id}"] }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock: { service: inventory, path: "/stock/${path.id}", optional: true, fallback: { available: null } }
          response: { name: "${product.name}", available: "${stock.available}", lang: "${headers.`accept-language`}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("Mosaic-Cache").orElse("none");
  }

  @Test
  void aWholeAnswerIsServedAgainWithoutCallingAnyService() throws Exception {
    HttpResponse<String> first = gw.get("/products/51?a=1&b=2");
    assertEquals("miss", cache(first));
    HttpResponse<String> second = gw.get("/products/51?b=2&a=1");
    assertEquals(200, second.statusCode());
    assertEquals("hit", cache(second), "query order does not matter");
    assertEquals(first.body(), second.body());
    assertEquals("0", second.headers().firstValue("age").orElseThrow());
    assertTrue(
        second
            .headers()
            .firstValue("Server-Timing")
            .orElseThrow()
            .startsWith("response;desc=\"hit\""));
    assertEquals(1, gw.stub("catalog").behaviour().requests());
    assertEquals(1, gw.stub("inventory").behaviour().requests());

    assertEquals(
        "miss", cache(gw.get("/products/51?a=2&b=2")), "other query values, another answer");
    assertEquals(
        "miss", cache(gw.get("/products/51?a=1&b=2", "Accept-Language", "de")), "another language");
    assertEquals("hit", cache(gw.get("/products/51?a=1&b=2", "Accept-Language", "de")));
  }

  @Test
  void aDegradedAnswerIsNeverStored() throws Exception {
    gw.stub("inventory").behaviour().hang(true);
    HttpResponse<String> degraded = gw.get("/products/52");
    assertEquals("stock", degraded.headers().firstValue("Mosaic-Degraded").orElseThrow());
    gw.stub("inventory").behaviour().hang(false);
    HttpResponse<String> again = gw.get("/products/52");
    assertEquals("miss", cache(again));
    assertTrue(again.headers().firstValue("Mosaic-Degraded").isEmpty());
    assertEquals("hit", cache(gw.get("/products/52")));
  }

  @Test
  void concurrentIdenticalMissesMakeOneExecution() throws Exception {
    // the catalog answers slowly enough that all 50 arrive while the first is being composed
    gw.stub("catalog").behaviour().latency(new LatencyModel.Fixed(400));
    long catalogBefore = gw.stub("catalog").behaviour().requests();
    long inventoryBefore = gw.stub("inventory").behaviour().requests();
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      sent.add(gw.getAsync("/products/60"));
    }
    List<String> sources = new ArrayList<>();
    String body = null;
    for (CompletableFuture<HttpResponse<String>> answer : sent) {
      HttpResponse<String> response = answer.get();
      assertEquals(200, response.statusCode(), response.body());
      body = body == null ? response.body() : body;
      assertEquals(body, response.body());
      sources.add(response.headers().firstValue("Server-Timing").orElseThrow());
    }
    assertEquals(1, gw.stub("catalog").behaviour().requests() - catalogBefore, "one execution");
    assertEquals(1, gw.stub("inventory").behaviour().requests() - inventoryBefore);
    assertEquals(
        49,
        sources.stream().filter(t -> t.equals("response;desc=\"coalesced\";dur=0.00")).count(),
        sources.toString());
  }

  @Test
  void aDegradedAnswerIsNotSharedWithConcurrentMisses() throws Exception {
    gw.stub("inventory").behaviour().hang(true);
    gw.stub("catalog").behaviour().latency(new LatencyModel.Fixed(100));
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(gw.getAsync("/products/61"));
    }
    for (CompletableFuture<HttpResponse<String>> answer : sent) {
      HttpResponse<String> response = answer.get();
      assertEquals(200, response.statusCode());
      assertEquals("stock", response.headers().firstValue("Mosaic-Degraded").orElseThrow());
      assertEquals("miss", cache(response), "each composed its own answer");
    }
  }
}
