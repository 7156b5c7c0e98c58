package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
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
}
