package dev.mosaic.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo's view without Redis: events are the gateway's own announcements, in process. A read
 * after a write that carries its version sees the write; the next read is a view hit that calls no
 * service; a review posted through the gateway drops the product's cached reviews.
 */
class DemoViewTest {

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forDemo();

  private HttpResponse<String> patchStock(int id, int available) throws Exception {
    return gw.send(
        HttpRequest.newBuilder(gw.uri("/products/" + id + "/stock"))
            .header("content-type", "application/json")
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.ofString("{\"available\": " + available + "}")));
  }

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  @Test
  void aReadCarryingAWritesVersionSeesTheWriteAndTheNextReadCallsNothing() throws Exception {
    HttpResponse<String> first = gw.get("/products/21/card");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("miss", header(first, "mosaic-cache"));
    int was = new JsonObject(first.body()).getInteger("available");

    HttpResponse<String> written = patchStock(21, was + 7);
    assertEquals(200, written.statusCode(), written.body());
    String version = header(written, "mosaic-version");
    assertTrue(version.matches("[0-9]+-[0-9]+"), version);

    HttpResponse<String> read = gw.get("/products/21/card", "Mosaic-Min-Version", version);
    assertEquals(200, read.statusCode());
    assertEquals(was + 7, new JsonObject(read.body()).getInteger("available"));
    assertEquals("view", header(read, "mosaic-cache"));
    assertEquals(version, header(read, "mosaic-version"));

    long calls = gw.requestsToAllServices();
    HttpResponse<String> again = gw.get("/products/21/card");
    assertEquals(read.body(), again.body());
    assertEquals("view;desc=\"hit\";dur=0.00", header(again, "server-timing"));
    assertEquals(calls, gw.requestsToAllServices(), "a view hit calls no service");
  }

  @Test
  void aVersionThatIsNoPositionIsABadRequest() throws Exception {
    HttpResponse<String> bad = gw.get("/products/21/card", "Mosaic-Min-Version", "latest");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("Mosaic-Min-Version"), bad.body());
  }

  @Test
  void aReviewPostedThroughTheGatewayDropsTheProductsCachedReviews() throws Exception {
    HttpResponse<String> before = gw.get("/products/22");
    assertEquals(200, before.statusCode());
    assertEquals(before.body(), gw.get("/products/22").body(), "cached");
    HttpResponse<String> posted =
        gw.post(
            "/products/22/reviews",
            "{\"userId\": 3, \"rating\": 5, \"text\": \"Announced and seen.\"}");
    assertEquals(201, posted.statusCode(), posted.body());
    String version = header(posted, "mosaic-version");
    assertNotEquals("", version);
    HttpResponse<String> after = gw.get("/products/22", "Mosaic-Min-Version", version);
    assertTrue(after.body().contains("Announced and seen."), after.body());
  }

  @Test
  void anOperatorsPurgeIsAChangeEventThatRecomposesTheViewsItNames() throws Exception {
    gw.get("/products/23/card");
    assertEquals("view", header(gw.get("/products/23/card"), "mosaic-cache"));
    long calls = gw.requestsToAllServices();
    HttpResponse<String> purged = gw.admin("DELETE", "/admin/cache?tag=product:23", null);
    assertEquals(200, purged.statusCode(), purged.body());
    String version = new JsonObject(purged.body()).getString("version");
    HttpResponse<String> read = gw.get("/products/23/card", "Mosaic-Min-Version", version);
    assertEquals(version, header(read, "mosaic-version"), "recomposed at the purge's position");
    assertEquals(calls + 2, gw.requestsToAllServices(), "one recomposition: catalog and inventory");
  }

  @Test
  void declaredViewsAreComposedAtStartAndTheirFirstReadCallsNothing() throws Exception {
    GatewayHarness.eventually(
        java.time.Duration.ofSeconds(10),
        "the declared views composed",
        () ->
            GatewayHarness.holds(
                () ->
                    new JsonObject(gw.admin("GET", "/admin/views", null).body())
                            .getJsonArray("routes")
                            .getJsonObject(0)
                            .getInteger("views")
                        >= 3));
    long calls = gw.requestsToAllServices();
    HttpResponse<String> first = gw.get("/products/2/card");
    assertEquals("view", header(first, "mosaic-cache"), first.headers().map().toString());
    assertEquals(calls, gw.requestsToAllServices());
  }
}
