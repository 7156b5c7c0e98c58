package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo config end to end: every answer computed from the seed data, not hard-coded. */
class CompositionTest {

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forDemo();

  @Test
  void productDetailsComposeFourServices() throws Exception {
    HttpResponse<String> response = gw.get("/products/42");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    JsonObject body = json(response);
    JsonObject product = gw.data().products.get(42L);
    JsonObject seller = gw.data().users.get(product.getLong("sellerId"));
    List<JsonObject> reviews = gw.data().reviewsByProduct.get(42L);
    assertEquals(42, body.getInteger("id"));
    assertEquals(product.getString("name"), body.getString("name"));
    assertEquals(product.getDouble("price"), body.getDouble("price"));
    assertEquals(gw.data().stock.get(42L).getInteger("available"), body.getInteger("available"));
    assertEquals(seller.getString("name"), body.getString("seller"));
    assertEquals(Math.min(5, reviews.size()), body.getJsonArray("reviews").size());
    assertFalse(response.headers().firstValue("Mosaic-Degraded").isPresent());
    String timing = response.headers().firstValue("Server-Timing").orElseThrow();
    for (String call : List.of("product", "stock", "reviews", "seller")) {
      assertTrue(timing.matches(".*\\b" + call + ";desc=\"ok\";dur=[0-9.]+.*"), timing);
    }
    assertEquals(
        List.of("GET /users/" + product.getLong("sellerId")),
        gw.stub("users").behaviour().recentLines());
  }

  @Test
  void orderSummaryMakesOneBatchedProductRead() throws Exception {
    long orderId = 7;
    JsonObject order = gw.data().orders.get(orderId);
    HttpResponse<String> response = gw.get("/orders/" + orderId + "/summary");
    assertEquals(200, response.statusCode(), response.body());
    JsonObject body = json(response);
    JsonArray items = body.getJsonArray("items");
    JsonArray expected = order.getJsonArray("items");
    assertEquals(expected.size(), items.size());
    Set<String> distinct = new LinkedHashSet<>();
    for (int i = 0; i < expected.size(); i++) {
      long productId = expected.getJsonObject(i).getLong("productId");
      distinct.add(Long.toString(productId));
      assertEquals(productId, items.getJsonObject(i).getLong("productId"));
      assertEquals(
          gw.data().products.get(productId).getString("name"),
          items.getJsonObject(i).getString("name"));
    }
    assertEquals(
        gw.data().users.get(order.getLong("customerId")).getString("name"),
        body.getString("customer"));
    assertEquals(
        List.of("GET /products?ids=" + String.join(",", distinct)),
        gw.stub("catalog").behaviour().recentLines());
  }

  @Test
  void recentOrdersFetchEachOrderWithBoundedConcurrency() throws Exception {
    long userId = 3;
    List<Long> ids = gw.data().ordersByCustomer.get(userId);
    int expected = Math.min(5, ids.size());
    gw.stub("orders").behaviour().latency(new dev.mosaic.stubs.LatencyModel.Fixed(40));
    HttpResponse<String> response = gw.get("/users/" + userId + "/orders");
    assertEquals(200, response.statusCode(), response.body());
    JsonArray orders = json(response).getJsonArray("orders");
    assertEquals(expected, orders.size());
    for (int i = 0; i < expected; i++) {
      long id = ids.get(ids.size() - 1 - i); // newest first, aligned with the list call's order
      JsonObject got = orders.getJsonObject(i);
      assertEquals(id, got.getLong("id"));
      assertEquals(gw.data().orders.get(id).getJsonArray("items").size(), got.getInteger("items"));
    }
    long detailCalls =
        gw.stub("orders").behaviour().recentLines().stream()
            .filter(l -> l.matches("GET /orders/\\d+"))
            .count();
    assertEquals(expected, detailCalls);
    assertTrue(
        gw.stub("orders").behaviour().peakInFlight() <= 4,
        "peak " + gw.stub("orders").behaviour().peakInFlight() + " exceeds forEach.concurrency 4");
  }

  @Test
  void aLimitThatIsNotANumberIs400AndReachesNoService() throws Exception {
    HttpResponse<String> response = gw.get("/users/3/orders?limit=lots");
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(
        0, gw.stub("orders").behaviour().requests() + gw.stub("users").behaviour().requests());
  }

  @Test
  void passthroughPreservesStatusBodyAndContentType() throws Exception {
    for (String id : List.of("42", "999999")) {
      HttpResponse<String> direct = gw.direct("catalog", "/products/" + id);
      gw.restoreStubs();
      HttpResponse<String> proxied = gw.get("/catalog/products/" + id);
      assertEquals(direct.statusCode(), proxied.statusCode());
      assertEquals(direct.body(), proxied.body());
      assertEquals(
          direct.headers().firstValue("content-type"),
          proxied.headers().firstValue("content-type"));
      assertTrue(
          proxied
              .headers()
              .firstValue("Server-Timing")
              .orElseThrow()
              .startsWith("product;desc=\"ok\""));
      assertEquals(List.of("GET /products/" + id), gw.stub("catalog").behaviour().recentLines());
    }
  }

  @Test
  void writePassesThroughWithABodyBuiltFromTheRequest() throws Exception {
    HttpResponse<String> created =
        gw.post("/products/42/reviews", "{\"userId\": 3, \"rating\": 5, \"text\": \"Lovely\"}");
    assertEquals(201, created.statusCode(), created.body());
    JsonObject review = json(created);
    assertEquals(42, review.getInteger("productId"));
    assertEquals("Lovely", review.getString("text"));
    assertEquals(review.getLong("id"), gw.data().reviewsByProduct.get(42L).get(0).getLong("id"));

    HttpResponse<String> rejected =
        gw.post("/products/42/reviews", "{\"userId\": 3, \"rating\": 9}");
    assertEquals(400, rejected.statusCode(), "a service's 4xx passes through a passthrough route");
  }

  @Test
  void optionalFallbackKeepsTheAnswerAndMarksItDegraded() throws Exception {
    gw.stub("inventory").behaviour().status(500);
    gw.stub("reviews").behaviour().garbage(true);
    HttpResponse<String> response = gw.get("/products/42");
    assertEquals(200, response.statusCode(), response.body());
    JsonObject body = json(response);
    assertNull(body.getValue("available"));
    assertEquals(new JsonArray(), body.getJsonArray("reviews"));
    assertEquals(gw.data().products.get(42L).getString("name"), body.getString("name"));
    assertEquals("stock, reviews", response.headers().firstValue("Mosaic-Degraded").orElseThrow());
    String timing = response.headers().firstValue("Server-Timing").orElseThrow();
    assertTrue(timing.contains("stock;desc=\"fallback\""), timing);
    assertTrue(timing.contains("reviews;desc=\"fallback\""), timing);
  }
}
