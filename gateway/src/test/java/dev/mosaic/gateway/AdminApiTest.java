package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API with a token: health answers anyone (probes), everything else only the token's
 * holder; none of it is on the public port; the config it shows has its credentials redacted.
 */
class AdminApiTest {

  private static final String TOKEN = "s3cr3t-admin-token-for-tests";

  @TempDir static Path dir;
  static GatewayHarness gw;

  @BeforeAll
  static void start() throws Exception {
    Path tokenFile = dir.resolve("admin-token");
    Files.writeString(tokenFile, TOKEN + "\n", StandardCharsets.UTF_8);
    gw =
        GatewayHarness.startFromFile(
            """
        server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0, adminTokenFile: "%s" }
        services:
          catalog: { urls: ["{catalog}"], headers: { x-api-key: "catalog-key-12345" } }
          reviews: { urls: ["{reviews}"], circuitBreaker: { failures: 2, openFor: 60s } }
          users: { urls: ["{users}"] }
        cache: { redis: "redis://:redis-password-987@127.0.0.1:1/0", redisTimeout: 5ms }
        endpoints:
          GET /products/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
              reviews: { service: reviews, path: "/reviews?productId=${path.id}", optional: true, fallback: [] }
              seller: { service: users, path: "/users/${product.sellerId}" }
            response: { name: "${product.name}", seller: "${seller.name}" }
        """
                .formatted(tokenFile),
            dir.resolve("mosaic.yaml"));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
  }

  @Test
  void withoutTheTokenOnlyHealthAnswers() throws Exception {
    assertEquals(200, gw.admin("GET", "/health/live", null).statusCode());
    assertEquals(200, gw.admin("GET", "/health/ready", null).statusCode());
    for (String[] call :
        List.of(
            new String[] {"GET", "/metrics"},
            new String[] {"GET", "/admin/config"},
            new String[] {"GET", "/admin/routes"},
            new String[] {"GET", "/admin/breakers"},
            new String[] {"DELETE", "/admin/cache?tag=product:1"},
            new String[] {"POST", "/admin/reload"})) {
      for (String token : new String[] {null, "wrong", TOKEN + "x", ""}) {
        HttpResponse<String> refused = gw.admin(call[0], call[1], token);
        assertEquals(401, refused.statusCode(), call[0] + " " + call[1] + " with " + token);
        assertEquals(
            "application/problem+json", refused.headers().firstValue("content-type").orElse(""));
        assertTrue(
            refused.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
        assertFalse(refused.body().contains(TOKEN), "the token never appears in an answer");
      }
    }
    assertEquals(200, gw.admin("GET", "/metrics", TOKEN).statusCode());
  }

  @Test
  void nothingOfTheAdminApiIsOnThePublicPort() throws Exception {
    for (String path :
        List.of("/metrics", "/health/live", "/health/ready", "/admin/config", "/admin/routes")) {
      HttpResponse<String> response = gw.get(path);
      assertEquals(404, response.statusCode(), path);
      assertFalse(response.body().contains("jvm_"), path);
    }
    assertEquals(
        404,
        gw.send(
                java.net.http.HttpRequest.newBuilder(gw.uri("/admin/reload"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()))
            .statusCode());
    assertTrue(gw.gateway().adminPort() != gw.port());
  }

  @Test
  void theConfigIsShownWithCredentialsRedacted() throws Exception {
    HttpResponse<String> response = gw.admin("GET", "/admin/config", TOKEN);
    assertEquals(200, response.statusCode(), response.body());
    assertFalse(response.body().contains("catalog-key-12345"), response.body());
    assertFalse(response.body().contains("redis-password-987"), response.body());
    JsonObject config = GatewayHarness.json(response).getJsonObject("config");
    assertEquals(
        "<redacted>",
        config
            .getJsonObject("services")
            .getJsonObject("catalog")
            .getJsonObject("headers")
            .getString("x-api-key"));
    assertEquals(
        "redis://<redacted>@127.0.0.1:1/0", config.getJsonObject("cache").getString("redis"));
    assertEquals(
        gw.stub("catalog").url(),
        config.getJsonObject("services").getJsonObject("catalog").getJsonArray("urls").getString(0),
        "what is not a credential is shown as written");
  }

  @Test
  void routesShowEachEndpointsCallDag() throws Exception {
    JsonObject body = GatewayHarness.json(gw.admin("GET", "/admin/routes", TOKEN));
    JsonObject route = body.getJsonArray("routes").getJsonObject(0);
    assertEquals("/products/{id}", route.getString("route"));
    JsonArray calls = route.getJsonArray("calls");
    assertEquals("product", calls.getJsonObject(0).getString("name"));
    assertEquals(0, calls.getJsonObject(0).getInteger("stage"));
    assertEquals(0, calls.getJsonObject(1).getInteger("stage"), "reviews runs beside product");
    assertEquals(false, calls.getJsonObject(1).getBoolean("required"));
    JsonObject seller = calls.getJsonObject(2);
    assertEquals(new JsonArray().add("product"), seller.getJsonArray("dependsOn"));
    assertEquals(1, seller.getInteger("stage"), "seller waits for product");
    assertEquals("/users/${product.sellerId}", seller.getString("url"));
  }

  @Test
  void breakersAndReadinessReportAnOpenBreaker() throws Exception {
    JsonObject ready = GatewayHarness.json(gw.admin("GET", "/health/ready", null));
    assertEquals("ready", ready.getString("status"));
    assertEquals(new JsonArray(), ready.getJsonArray("openBreakers"));
    gw.stub("reviews").behaviour().status(500);
    for (int i = 0; i < 3; i++) {
      assertEquals(200, gw.get("/products/1").statusCode(), "reviews is optional");
    }
    ready = GatewayHarness.json(gw.admin("GET", "/health/ready", null));
    assertEquals(new JsonArray().add("reviews"), ready.getJsonArray("openBreakers"));
    assertEquals(
        "ready",
        ready.getString("status"),
        "an open breaker degrades answers; the gateway still serves");
    JsonObject breakers =
        GatewayHarness.json(gw.admin("GET", "/admin/breakers", TOKEN)).getJsonObject("services");
    assertEquals("open", breakers.getJsonObject("reviews").getString("breaker"));
    assertTrue(breakers.getJsonObject("reviews").getLong("retryAfterMs") > 50_000);
    assertEquals("none", breakers.getJsonObject("catalog").getString("breaker"));
    assertEquals(
        gw.stub("catalog").url(),
        breakers
            .getJsonObject("catalog")
            .getJsonArray("instances")
            .getJsonObject(0)
            .getString("url"));
  }

  @Test
  void theTokenRotatesWithAReload() throws Exception {
    Path tokenFile = dir.resolve("admin-token");
    Files.writeString(tokenFile, "rotated-token-2\n", StandardCharsets.UTF_8);
    Path config = dir.resolve("mosaic.yaml");
    Files.writeString(config, Files.readString(config) + "\n# rotated\n", StandardCharsets.UTF_8);
    HttpResponse<String> reload = gw.admin("POST", "/admin/reload", TOKEN);
    assertEquals(200, reload.statusCode(), reload.body());
    GatewayHarness.eventually(
        java.time.Duration.ofSeconds(5),
        "the new token admitted",
        () ->
            GatewayHarness.holds(
                () -> gw.admin("GET", "/admin/routes", "rotated-token-2").statusCode() == 200));
    assertEquals(
        401,
        gw.admin("GET", "/admin/routes", TOKEN).statusCode(),
        "the old token no longer opens it");

    Files.writeString(tokenFile, TOKEN + "\n", StandardCharsets.UTF_8); // back, for the other tests
    Files.writeString(
        config, Files.readString(config) + "\n# rotated back\n", StandardCharsets.UTF_8);
    assertEquals(200, gw.admin("POST", "/admin/reload", "rotated-token-2").statusCode());
    GatewayHarness.eventually(
        java.time.Duration.ofSeconds(5),
        "the first token admitted again",
        () ->
            GatewayHarness.holds(
                () -> gw.admin("GET", "/admin/routes", TOKEN).statusCode() == 200));
  }
}
