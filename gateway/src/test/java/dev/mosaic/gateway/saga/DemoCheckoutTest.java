package dev.mosaic.gateway.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's {@code POST /checkout} saga against the demo's own stub services: a checkout places an
 * order, charges it and reserves its stock; a declined charge leaves the order cancelled and the
 * stock as it was.
 */
class DemoCheckoutTest {

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forDemo();

  private static int available(long product) throws Exception {
    return GatewayHarness.json(gw.direct("inventory", "/stock/" + product)).getInteger("available");
  }

  private static String checkout(long product, double amount) {
    return new JsonObject()
        .put("customerId", 3)
        .put("amount", amount)
        .put(
            "items",
            new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("productId", product).put("quantity", 2)))
        .encode();
  }

  @Test
  void aCheckoutPlacesChargesAndReserves() throws Exception {
    int before = available(42);
    HttpResponse<String> response = gw.post("/checkout", checkout(42, 320.92));
    assertEquals(200, response.statusCode(), response.body());
    JsonObject answer = GatewayHarness.json(response);
    assertEquals("placed", answer.getString("status"));
    assertEquals(before - 2, available(42));
  }

  @Test
  void aDeclinedChargeCancelsTheOrderAndReleasesTheStock() throws Exception {
    int before = available(43);
    HttpResponse<String> response = gw.post("/checkout", checkout(43, 5000));
    assertEquals(409, response.statusCode(), response.body());
    JsonObject problem = GatewayHarness.json(response);
    assertEquals("urn:mosaic:problem:saga-compensated", problem.getString("type"));
    assertEquals("payment", problem.getString("failedStep"));
    long order =
        problem.getJsonArray("steps").getJsonObject(0).getString("name").equals("order")
            ? Long.parseLong(
                gw.stub("orders").behaviour().recentLines().stream()
                    .filter(l -> l.startsWith("DELETE /orders/"))
                    .findFirst()
                    .orElseThrow()
                    .substring("DELETE /orders/".length()))
            : -1;
    assertEquals(
        "cancelled",
        GatewayHarness.json(gw.direct("orders", "/orders/" + order)).getString("status"));
    assertEquals(before, available(43), "the reservation was released");
  }
}
