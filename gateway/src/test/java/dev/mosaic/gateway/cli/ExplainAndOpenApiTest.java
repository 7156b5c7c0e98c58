package dev.mosaic.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mosaic explain} and {@code mosaic openapi} on the demo config: what they print is what the
 * config says, and they call nothing (the demo's services are not running here: the ports in the
 * URLs are the config's own, and no connection is made).
 */
class ExplainAndOpenApiTest {

  private static final String DEMO = "../config/gateway.yaml";

  private static CliRun mosaic(String... args) {
    return CliRun.of(args);
  }

  @Test
  void explainShowsTheStagesAndTheUrlsTheRequestDecides() {
    CliRun r = mosaic("explain", DEMO, "GET /products/42?view=lite");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("GET /products/{id}  (" + DEMO + ", line "), r.out());
    assertTrue(lines.contains("  param id = 42  (matches [0-9]{1,9})"), r.out());
    assertTrue(lines.contains("  stage 1 (3 calls at once):"), r.out());
    assertTrue(
        r.out().contains("product: GET http://127.0.0.1:9101/products/42  (service catalog;"),
        r.out());
    assertTrue(r.out().contains("false, so skipped"), "?view=lite skips the reviews: " + r.out());
    assertTrue(lines.contains("  stage 2:"), r.out());
    assertTrue(
        r.out()
            .contains(
                "seller: GET http://127.0.0.1:9104/users/${product.sellerId}  (service users;"),
        "a URL that needs another call's answer stays a template: " + r.out());
    assertTrue(r.out().contains("after product"), r.out());
  }

  @Test
  void explainSaysABadParameterIsRefusedAndAnUnknownRouteIsNotServed() {
    CliRun bad = mosaic("explain", DEMO, "GET /products/abc");
    assertEquals(0, bad.exit(), bad.err());
    assertTrue(bad.out().contains("DOES NOT MATCH [0-9]{1,9}"), bad.out());
    assertTrue(bad.out().contains("answered 400 before any call"), bad.out());

    CliRun none = mosaic("explain", DEMO, "DELETE /products/1");
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("no endpoint"), none.err());
    assertEquals(2, mosaic("explain", DEMO, "/products/1").exit(), "no method");
  }

  @Test
  void explainShowsASagasCompensations() {
    CliRun r = mosaic("explain", DEMO, "POST /checkout");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("saga ("), r.out());
    assertTrue(r.out().contains("undone by DELETE /orders/${order.id}"), r.out());
    assertTrue(r.out().contains("  stage 2 (2 calls at once):"), r.out());
  }

  @Test
  void openapiDescribesEveryEndpointWithItsParametersAndProblems(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("openapi.json");
    CliRun r = mosaic("openapi", DEMO, "-o", file.toString());
    assertEquals(0, r.exit(), r.err());
    JsonObject doc = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    assertEquals("3.1.0", doc.getString("openapi"));
    JsonObject paths = doc.getJsonObject("paths");
    int operations = 0;
    for (String path : paths.fieldNames()) {
      operations += paths.getJsonObject(path).size();
    }
    assertEquals(8, operations, "the demo's 8 endpoints: " + paths.fieldNames());

    JsonObject product = paths.getJsonObject("/products/{id}").getJsonObject("get");
    JsonObject id = product.getJsonArray("parameters").getJsonObject(0);
    assertEquals("path", id.getString("in"));
    String pattern = id.getJsonObject("schema").getString("pattern");
    assertTrue(Pattern.compile(pattern).matcher("42").matches(), pattern);
    assertFalse(Pattern.compile(pattern).matcher("abc").matches(), pattern);
    JsonObject responses = product.getJsonObject("responses");
    for (String status : List.of("200", "400", "404", "502", "503", "504")) {
      assertTrue(responses.containsKey(status), status + " in " + responses.fieldNames());
    }
    assertEquals(
        "#/components/schemas/Problem",
        responses
            .getJsonObject("504")
            .getJsonObject("content")
            .getJsonObject("application/problem+json")
            .getJsonObject("schema")
            .getString("$ref"));

    JsonObject review = paths.getJsonObject("/products/{id}/reviews").getJsonObject("post");
    assertTrue(review.containsKey("requestBody"), review.encode());
    assertTrue(review.getJsonObject("responses").containsKey("429"), "it has a rate limit");
    assertTrue(review.getJsonObject("responses").containsKey("413"), "it has a body limit");
    JsonObject checkout = paths.getJsonObject("/checkout").getJsonObject("post");
    assertTrue(checkout.getJsonObject("responses").containsKey("409"), "a saga can be undone");
    JsonArray required =
        doc.getJsonObject("components")
            .getJsonObject("schemas")
            .getJsonObject("Problem")
            .getJsonArray("required");
    assertEquals(List.of("type", "title", "status"), required.getList());

    // and it passes the OpenAPI 3.1 meta-schema, by Vert.x's own contract reader; that reader
    // then declines application/problem+json as a media type it cannot validate requests
    // against, which is about its validator, not the document (a broken one fails earlier)
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      assertEquals("UNSUPPORTED_FEATURE", contractError(vertx, doc), "valid, then declined");
      JsonObject broken = doc.copy();
      broken.remove("info");
      assertEquals("INVALID_SPEC", contractError(vertx, broken), "the check does run");
    } finally {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private static String contractError(io.vertx.core.Vertx vertx, JsonObject doc) throws Exception {
    try {
      io.vertx.openapi.contract.OpenAPIContract.from(vertx, doc)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      return "none";
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof io.vertx.openapi.contract.OpenAPIContractException contract) {
        return contract.type().name();
      }
      throw e;
    }
  }
}
