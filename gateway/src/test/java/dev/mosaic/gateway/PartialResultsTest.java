package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partial forEach over real sockets: the catalog stub has no product 0 or 999999, so those items
 * fail (404) while the others answer; the answer stands with the item fallback in their places,
 * marked {@code Mosaic-Degraded: products[1,3]}, and the metrics count the items.
 */
class PartialResultsTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, adminPort: 0 }
      services:
        catalog: { urls: ["{catalog}"] }
      endpoints:
        GET /wishlist:
          calls:
            products:
              service: catalog
              path: /products/${item}
              forEach: { over: "${$split(query.ids, ',')}" }
              partial: true
              itemFallback: { name: unavailable }
          response: { names: "${products.name}" }
        GET /strict:
          calls:
            products:
              service: catalog
              path: /products/${item}
              forEach: { over: "${$split(query.ids, ',')}" }
          response: { names: "${products.name}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @Test
  void failedItemsTakeTheItemFallbackAndTheAnswerSaysWhich() throws Exception {
    Scrape before = Scrape.parse(gw.admin("GET", "/metrics", null).body());
    HttpResponse<String> response = gw.get("/wishlist?ids=1,0,2,999999");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(
        new JsonArray()
            .add(gw.data().products.get(1L).getString("name"))
            .add("unavailable")
            .add(gw.data().products.get(2L).getString("name"))
            .add("unavailable"),
        json(response).getJsonArray("names"));
    assertEquals("products[1,3]", response.headers().firstValue("mosaic-degraded").orElse(""));
    assertTrue(
        response
            .headers()
            .firstValue("server-timing")
            .orElse("")
            .contains("products;desc=\"partial\""));
    assertEquals(4, gw.stub("catalog").behaviour().requests(), "every item was asked");

    Scrape after = Scrape.parse(gw.admin("GET", "/metrics", null).body());
    assertEquals(
        2,
        itemFallbacks(after) - itemFallbacks(before),
        0.0,
        "the two failed items, counted one by one");
  }

  @Test
  void withoutPartialOneMissingItemIsTheAnswersStatusAndTheProblemSaysWhich() throws Exception {
    HttpResponse<String> response = gw.get("/strict?ids=1,0,2");
    assertEquals(404, response.statusCode(), response.body());
    JsonObject problem = json(response);
    assertTrue(problem.getString("detail").contains("item 1"), problem.encode());
  }

  private static double itemFallbacks(Scrape metrics) {
    return metrics.sum(
        "mosaic_degraded_calls_total",
        "route",
        "/wishlist",
        "call",
        "products",
        "replacement",
        "item-fallback");
  }
}
