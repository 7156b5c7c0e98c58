package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code when:} skips a call, and {@code respond:} answers before any call, over real sockets: the
 * stubs' request counters prove what was never sent.
 */
class ConditionalCallsTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, adminPort: 0 }
      services:
        catalog: { urls: ["{catalog}"] }
        reviews: { urls: ["{reviews}"] }
        inventory: { urls: ["{inventory}"] }
      endpoints:
        GET /products/{id}:
          respond:
            - when: ${path.id = "0"}
              status: 404
              body:
                title: No such product
                detail: "product ${path.id} does not exist"
                productId: ${path.id}
            - when: ${query.ping = "yes"}
              status: 200
              body: { pong: "${path.id}" }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            reviews:
              service: reviews
              path: "/reviews?productId=${path.id}&limit=${query.limit}"
              when: ${query.reviews = "yes"}
              fallback: []
            stock:
              service: inventory
              path: "/stock/${product.id}"
              when: ${product.price > 100}
              fallback: { available: none }
          response:
            name: ${product.name}
            reviews: ${$count(reviews)}
            available: ${stock.available}
        GET /guarded/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock:
              service: inventory
              path: "/stock/${path.id}"
              when: ${$number(query.min) < 5}
          response: { name: "${product.name}", stock: "${stock}" }
        GET /by-name/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock:
              service: inventory
              path: "/stock/${path.id}"
              when: ${$number(product.name) > 1}
          response: { stock: "${stock}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  /** A product whose price is above 100 (cheap false) or at most 100 (cheap true). */
  private static long productPriced(boolean cheap) {
    for (long id = 1; id < 1000; id++) {
      double price = gw.data().products.get(id).getDouble("price");
      if ((price <= 100) == cheap) {
        return id;
      }
    }
    throw new AssertionError("no product " + (cheap ? "at most" : "above") + " 100");
  }

  private static long requests(String service) {
    return gw.stub(service).behaviour().requests();
  }

  @Test
  void aFalseConditionSendsNothingAndTheFallbackStandsInWithoutDegrading() throws Exception {
    long id = productPriced(false);
    // no ?reviews=yes, and no ?limit either: a skipped call's input is never used, so never checked
    HttpResponse<String> response = gw.get("/products/" + id);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(0, json(response).getInteger("reviews"));
    assertEquals(0, requests("reviews"), "the skipped call never reached its service");
    String timing = response.headers().firstValue("server-timing").orElse("");
    assertTrue(timing.contains("reviews;desc=\"skipped\";dur=0.00"), timing);
    assertFalse(
        response.headers().firstValue("mosaic-degraded").isPresent(),
        "a skipped call is what the rules asked for, not a degradation");
  }

  @Test
  void aTrueConditionMakesTheCall() throws Exception {
    long id = productPriced(false);
    HttpResponse<String> response = gw.get("/products/" + id + "?reviews=yes&limit=2");
    assertEquals(200, response.statusCode(), response.body());
    int expected =
        Math.min(2, gw.data().reviewsByProduct.getOrDefault(id, java.util.List.of()).size());
    assertEquals(expected, json(response).getInteger("reviews"));
    assertEquals(1, requests("reviews"));
    assertTrue(
        response.headers().firstValue("server-timing").orElse("").contains("reviews;desc=\"ok\""));
  }

  @Test
  void aConditionOnAnotherCallsAnswerWaitsForItAndDecidesPerRequest() throws Exception {
    long pricey = productPriced(false);
    long cheap = productPriced(true);
    JsonObject made = json(gw.get("/products/" + pricey));
    assertEquals(
        gw.data().stock.get(pricey).getValue("available"),
        made.getValue("available"),
        "price above 100: stock was asked");
    assertEquals(1, requests("inventory"));

    HttpResponse<String> skipped = gw.get("/products/" + cheap);
    assertEquals(200, skipped.statusCode(), skipped.body());
    assertEquals("none", json(skipped).getString("available"), "the skipped call's fallback");
    assertEquals(1, requests("inventory"), "the cheap product's stock was never asked");
    assertTrue(
        skipped
            .headers()
            .firstValue("server-timing")
            .orElse("")
            .contains("stock;desc=\"skipped\""));
  }

  @Test
  void anEarlyProblemAnswersBeforeAnyCall() throws Exception {
    HttpResponse<String> response = gw.get("/products/0");
    assertEquals(404, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("content-type").get());
    JsonObject problem = json(response);
    assertEquals("No such product", problem.getString("title"));
    assertEquals("product 0 does not exist", problem.getString("detail"));
    assertEquals("0", problem.getString("productId"));
    assertEquals(404, problem.getInteger("status"));
    assertEquals("urn:mosaic:problem:respond", problem.getString("type"));
    assertEquals("/products/0", problem.getString("instance"));
    assertEquals("GET /products/{id}", problem.getString("route"));
    assertNotNull(problem.getString("requestId"));
    assertEquals(0, gw.requestsToAllServices(), "no service heard of the request");
  }

  @Test
  void anEarlySuccessAnswersItsBodyBeforeAnyCall() throws Exception {
    HttpResponse<String> response = gw.get("/products/5?ping=yes");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(Map.of("pong", "5"), json(response).getMap());
    assertTrue(
        response
            .headers()
            .firstValue("server-timing")
            .orElse("")
            .contains("respond;desc=\"early\""));
    assertEquals(0, gw.requestsToAllServices());
  }

  @Test
  void aConditionTheRequestDoesNotFitIsA400ThatReachesNoService() throws Exception {
    HttpResponse<String> response = gw.get("/guarded/3?min=many");
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(json(response).getString("detail").contains("when"), response.body());
    assertEquals(0, gw.requestsToAllServices());

    HttpResponse<String> fits = gw.get("/guarded/3?min=2");
    assertEquals(200, fits.statusCode(), fits.body());
    assertEquals(1, requests("inventory"));
  }

  @Test
  void aConditionThatFailsOverACallsAnswerFailsItsCallLikeAnyTemplate() throws Exception {
    HttpResponse<String> response = gw.get("/by-name/3");
    assertEquals(502, response.statusCode(), response.body());
    JsonObject problem = json(response);
    assertEquals("urn:mosaic:problem:template-error", problem.getString("type"));
    assertEquals(0, requests("inventory"));
  }

  @Test
  void skippedCallsAreCountedAsSuchInTheMetrics() throws Exception {
    long id = productPriced(true); // stock skipped too
    Scrape before = Scrape.parse(gw.admin("GET", "/metrics", null).body());
    for (int i = 0; i < 3; i++) {
      assertEquals(200, gw.get("/products/" + id).statusCode());
    }
    Scrape after = Scrape.parse(gw.admin("GET", "/metrics", null).body());
    assertEquals(3, skippedStock(after) - skippedStock(before), 0.0);
    assertEquals(degraded(before), degraded(after), 0.0, "skipping is not degrading");
  }

  private static double skippedStock(Scrape metrics) {
    return metrics.sum(
        "mosaic_call_duration_seconds_count",
        "route",
        "/products/{id}",
        "call",
        "stock",
        "outcome",
        "skipped");
  }

  private static double degraded(Scrape metrics) {
    return metrics.sum("mosaic_degraded_answers_total", "route", "/products/{id}");
  }
}
