package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad request gets a 4xx problem and reaches no service; a hostile value that is allowed through
 * arrives at the service as exactly one encoded path segment or query value.
 */
class BadInputTest {

  private static final String CONFIG =
      """
      services:
        catalog:   { urls: ["{catalog}"] }
        inventory: { urls: ["{inventory}"] }
      endpoints:
        GET /products/{id}:
          params: { id: "[0-9]{1,9}" }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock:   { service: inventory, path: "/stock/${path.id}", optional: true }
        GET /raw/{x}:
          calls:
            product: { service: catalog, path: "/products/${path.x}", optional: true }
            stock:   { service: inventory, path: "/stock/${path.x}", optional: true }
        GET /by-query:
          calls:
            stock:   { service: inventory, path: "/stock/1" }
            product: { service: catalog, path: "/products/${query.id}" }
        GET /passthrough-by-query:
          calls:
            product: { service: catalog, path: "/products/${query.id}" }
        GET /find:
          calls:
            found: { service: catalog, path: "/products?ids=${query.id}&limit=1" }
        PATCH /stock/{id}:
          maxBodySize: 1KB
          params: { id: "[0-9]+" }
          calls:
            stock: { service: inventory, method: PATCH, path: "/stock/${path.id}", body: "${body}" }
          response: { available: "${stock.available}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("content-type").orElseThrow());
    assertEquals(status, json(response).getInteger("status"));
  }

  @Test
  void paramThatBreaksItsPatternIs400AndReachesNoService() throws Exception {
    HttpResponse<String> response = gw.get("/products/12abc");
    assertProblem(response, 400);
    assertTrue(json(response).getString("detail").contains("'id' must match [0-9]{1,9}"));
    assertEquals(0, gw.requestsToAllServices());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"%2E%2E", "%2E", "%2e%2E"})
  void encodedDotSegmentsNeverReachAService(String raw) throws Exception {
    // vertx-web decodes unreserved characters and removes dot segments before routing, so these
    // match no route; UrlTemplateTest covers a dot value arriving through a template
    assertProblem(gw.get("/raw/" + raw), 404);
    assertEquals(0, gw.requestsToAllServices());
  }

  @ParameterizedTest(name = "id={0}")
  @CsvSource({"..", ".", "''"})
  void aQueryValueThatWouldBeADotOrEmptySegmentIs400AndReachesNoService(String id)
      throws Exception {
    HttpResponse<String> response = gw.get("/by-query?id=" + id);
    assertProblem(response, 400);
    assertTrue(json(response).getString("detail").contains("${query.id}"), response.body());
    assertEquals(
        0, gw.requestsToAllServices(), "no call starts when one call's client input is unsafe");
  }

  @Test
  void aMissingValueForAPathSegmentIs400() throws Exception {
    assertProblem(gw.get("/by-query"), 400);
    assertEquals(0, gw.requestsToAllServices());
  }

  @Test
  void aPassthroughRefusesBadInputWithTheSameProblemAsAComposedEndpoint() throws Exception {
    HttpResponse<String> passthrough = gw.get("/passthrough-by-query");
    HttpResponse<String> composed = gw.get("/by-query");
    assertProblem(passthrough, 400);
    JsonObject body = json(passthrough);
    assertEquals(json(composed).fieldNames(), body.fieldNames());
    assertEquals("urn:mosaic:problem:bad-input", body.getString("type"));
    assertEquals("GET /passthrough-by-query", body.getString("route"));
    assertEquals("not-started", body.getJsonArray("calls").getJsonObject(0).getString("outcome"));
    assertEquals(
        "product;desc=\"not-started\";dur=0.00",
        passthrough.headers().firstValue("Server-Timing").orElseThrow());
    assertEquals(0, gw.requestsToAllServices());
  }

  @ParameterizedTest(name = "{0} arrives as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "..%2F..%2Fadmin | ..%2F..%2Fadmin",
        "a%3Fb%23c       | a%3Fb%23c",
        "%40evil.com     | %40evil.com",
        "%252e%252e      | %252e%252e",
        "x%0D%0Ay        | x%0D%0Ay",
        "h%C3%A9         | h%C3%A9"
      })
  void hostilePathValuesArriveAsOneEncodedSegment(String sent, String arrives) throws Exception {
    gw.get("/raw/" + sent);
    assertEquals(List.of("GET /products/" + arrives), gw.stub("catalog").behaviour().recentLines());
    assertEquals(List.of("GET /stock/" + arrives), gw.stub("inventory").behaviour().recentLines());
  }

  @Test
  void hostileQueryValueCannotAddParameters() throws Exception {
    gw.get("/find?id=1%26limit%3D1000%23x");
    assertEquals(
        List.of("GET /products?ids=1%26limit%3D1000%23x&limit=1"),
        gw.stub("catalog").behaviour().recentLines());
  }

  @Test
  void bodyOverTheLimitIs413AndReachesNoService() throws Exception {
    String big = "{\"available\": 1, \"pad\": \"" + "x".repeat(2048) + "\"}";
    assertProblem(
        gw.send(
            HttpRequest.newBuilder(gw.uri("/stock/5"))
                .header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(big))),
        413);
    assertEquals(0, gw.requestsToAllServices());
  }

  @Test
  void invalidJsonBodyIs400AndReachesNoService() throws Exception {
    assertProblem(
        gw.send(
            HttpRequest.newBuilder(gw.uri("/stock/5"))
                .header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"available\": "))),
        400);
    assertEquals(0, gw.requestsToAllServices());
  }

  @Test
  void aValidBodyIsForwardedAsJson() throws Exception {
    HttpResponse<String> response =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/stock/5"))
                .header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"available\": 17}")));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(new JsonObject().put("available", 17), json(response));
    assertEquals(17, gw.data().stock.get(5L).getInteger("available"));
  }

  @Test
  void unknownRouteAndWrongMethodAreProblems() throws Exception {
    assertProblem(gw.get("/nowhere"), 404);
    assertProblem(gw.post("/products/5", "{}"), 405);
    assertEquals(0, gw.requestsToAllServices());
  }
}
