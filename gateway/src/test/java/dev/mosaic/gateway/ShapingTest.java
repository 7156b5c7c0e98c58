package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Answers without a template, merged answers, batch chunking and request headers in templates. */
class ShapingTest {

  private static final String CONFIG =
      """
      services:
        catalog:   { urls: ["{catalog}"] }
        inventory: { urls: ["{inventory}"] }
        users:     { urls: ["{users}"] }
      endpoints:
        GET /both/{id}:
          calls:
            product: { service: catalog,   path: "/products/${path.id}" }
            stock:   { service: inventory, path: "/stock/${path.id}" }
        GET /merged/{id}:
          merge: true
          calls:
            product: { service: catalog,   path: "/products/${path.id}" }
            stock:   { service: inventory, path: "/stock/${path.id}" }
        GET /chunks:
          calls:
            products:
              service: catalog
              path: /products
              batch: { over: "${$map($split(query.ids, ','), $number)}", param: ids, maxSize: 2, key: id, concurrency: 2 }
        GET /each:
          calls:
            users:
              service: users
              path: "/users/${item}"
              forEach: { over: "${query.id}" }
          response: { names: "${[users.name]}", count: "${$count(users)}" }
        GET /many:
          calls:
            users:
              service: users
              path: "/users/${item}"
              forEach: { over: "${$split(query.ids, ',')}", maxItems: 3 }
          response: { count: "${$count(users)}" }
        GET /lang:
          headers: [Accept-Language]
          calls:
            product: { service: catalog, path: /products/1 }
          response: { lang: "${headers.`accept-language`}", secret: "${headers.`x-secret`}", name: "${product.name}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @Test
  void withoutATemplateEachCallIsUnderItsName() throws Exception {
    JsonObject body = json(gw.get("/both/9"));
    assertEquals(gw.data().products.get(9L), body.getJsonObject("product"));
    assertEquals(gw.data().stock.get(9L), body.getJsonObject("stock"));
  }

  @Test
  void mergeIsShallowInDeclaredOrder() throws Exception {
    gw.stub("catalog")
        .behaviour()
        .latency(new dev.mosaic.stubs.LatencyModel.Fixed(60)); // arrives last
    JsonObject body = json(gw.get("/merged/9"));
    JsonObject expected = gw.data().products.get(9L).copy();
    gw.data().stock.get(9L).forEach(e -> expected.put(e.getKey(), e.getValue()));
    assertEquals(expected, body);
    assertEquals(
        List.of(
            "id", "name", "category", "price", "sellerId", "productId", "available", "warehouse"),
        List.copyOf(body.fieldNames()));
  }

  @Test
  void batchSplitsDistinctKeysIntoChunksAndAlignsResultsWithTheInput() throws Exception {
    HttpResponse<String> response = gw.get("/chunks?ids=5,6,5,999999,7");
    assertEquals(200, response.statusCode(), response.body());
    JsonArray products = json(response).getJsonArray("products");
    assertEquals(5, products.size());
    assertEquals(5, products.getJsonObject(0).getInteger("id"));
    assertEquals(6, products.getJsonObject(1).getInteger("id"));
    assertEquals(5, products.getJsonObject(2).getInteger("id"));
    assertNull(products.getValue(3), "a key the service does not know maps to null");
    assertEquals(7, products.getJsonObject(4).getInteger("id"));
    List<String> lines = gw.stub("catalog").behaviour().recentLines().stream().sorted().toList();
    assertEquals(
        List.of("GET /products?ids=5,6", "GET /products?ids=999999,7"),
        lines,
        "4 distinct keys in chunks of 2: two calls, not one per item");
  }

  @Test
  void batchOverNothingMakesNoCall() throws Exception {
    HttpResponse<String> response = gw.get("/chunks");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(new JsonArray(), json(response).getJsonArray("products"));
    assertEquals(0, gw.requestsToAllServices());
  }

  @Test
  void forEachOverOneValueOrNone() throws Exception {
    JsonObject one = json(gw.get("/each?id=3"));
    assertEquals(
        new JsonArray().add(gw.data().users.get(3L).getString("name")), one.getJsonArray("names"));
    JsonObject none = json(gw.get("/each"));
    assertEquals(0, none.getInteger("count"));
    assertEquals(1, gw.requestsToAllServices());
  }

  @Test
  void forEachBeyondMaxItemsIs400WhenTheListComesFromTheClient() throws Exception {
    HttpResponse<String> tooMany = gw.get("/many?ids=1,2,3,4");
    assertEquals(400, tooMany.statusCode(), tooMany.body());
    assertTrue(json(tooMany).getString("detail").contains("more than maxItems 3"), tooMany.body());
    assertEquals(0, gw.requestsToAllServices());
    HttpResponse<String> enough = gw.get("/many?ids=1,2,3");
    assertEquals(200, enough.statusCode(), enough.body());
    assertEquals(3, json(enough).getInteger("count"));
  }

  @Test
  void onlyAllowlistedRequestHeadersReachTemplates() throws Exception {
    HttpResponse<String> response =
        gw.send(
            java.net.http.HttpRequest.newBuilder(gw.uri("/lang"))
                .header("Accept-Language", "de-CH")
                .header("X-Secret", "hunter2"));
    JsonObject body = json(response);
    assertEquals("de-CH", body.getString("lang"));
    assertNull(body.getValue("secret"));
    assertEquals(gw.data().products.get(1L).getString("name"), body.getString("name"));
  }
}
