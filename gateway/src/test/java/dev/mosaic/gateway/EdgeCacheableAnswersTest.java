package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A composed answer tells a browser or CDN how long it may keep it (never longer than its least
 * fresh part), carries a strong ETag, answers 304 to a client that holds the same bytes, and names
 * its cache tags in Surrogate-Key: over real sockets with the stub services.
 */
class EdgeCacheableAnswersTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0 }
      cache: { maxEntries: 1000, surrogateKeys: true }
      services:
        catalog: { urls: ["{catalog}"] }
        inventory: { urls: ["{inventory}"] }
      endpoints:
        GET /fragments/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s, tags: ["product:${path.id}"] } }
            stock: { service: inventory, path: "/stock/${path.id}", cache: { ttl: 30s, tags: ["stock:${path.id}"] } }
          response: { name: "${product.name}", available: "${stock.available}" }
        GET /live/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s } }
            stock: { service: inventory, path: "/stock/${path.id}" }
          response: { name: "${product.name}", available: "${stock.available}" }
        GET /mine/{id}:
          headers: [Authorization]
          calls:
            product:
              service: catalog
              path: "/products/${path.id}"
              headers: { Authorization: "${headers.authorization}" }
              cache: { ttl: 60s, vary: [authorization] }
          response: { name: "${product.name}" }
        GET /degraded/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s } }
            stock: { service: inventory, path: "/stock/${path.id}", cache: { ttl: 30s }, optional: true }
          response: { name: "${product.name}", available: "${stock.available}" }
        GET /whole/{id}:
          cache: { ttl: 20s, tags: ["page:${path.id}"] }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  private static HttpResponse<String> getIfNoneMatch(String path, String tags) throws Exception {
    return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("If-None-Match", tags).GET());
  }

  /** max-age=N with N in [low, high]. */
  private static void assertMaxAge(HttpResponse<String> response, long low, long high) {
    String value = header(response, "cache-control");
    assertTrue(value.startsWith("max-age="), value);
    long seconds = Long.parseLong(value.substring("max-age=".length()));
    assertTrue(seconds >= low && seconds <= high, value);
  }

  @Test
  void anAnswerFromCachedFragmentsLivesAsLongAsItsLeastFreshPart() throws Exception {
    HttpResponse<String> first = gw.get("/fragments/7");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("max-age=30", header(first, "cache-control"), "the stock fragment's 30s");
    assertEquals("product:7 stock:7", header(first, "surrogate-key"));

    HttpResponse<String> again = gw.get("/fragments/7");
    assertEquals("hit", header(again, "mosaic-cache"));
    assertMaxAge(again, 25, 30);
    assertEquals(header(first, "etag"), header(again, "etag"), "the same bytes, the same tag");
    assertTrue(header(first, "etag").matches("\"[A-Za-z0-9_-]{22}\""), header(first, "etag"));
  }

  @Test
  void oneLiveCallMakesTheAnswerNoStore() throws Exception {
    HttpResponse<String> response = gw.get("/live/7");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("no-store", header(response, "cache-control"));
  }

  @Test
  void aPartKeptPerCallerMakesTheAnswerPrivate() throws Exception {
    HttpResponse<String> response = gw.get("/mine/7", "Authorization", "Bearer alice");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("private, max-age=60", header(response, "cache-control"));
  }

  @Test
  void aDegradedAnswerIsNeverMarkedCacheable() throws Exception {
    gw.stub("inventory").behaviour().status(500);
    HttpResponse<String> response = gw.get("/degraded/7");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("stock", header(response, "mosaic-degraded"));
    assertEquals("no-store", header(response, "cache-control"));
  }

  @Test
  void aMatchingIfNoneMatchIsA304FromTheResponseCacheWithoutAnyCall() throws Exception {
    HttpResponse<String> first = gw.get("/whole/9");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("max-age=20", header(first, "cache-control"));
    assertEquals("page:9", header(first, "surrogate-key"));
    String tag = header(first, "etag");
    long calls = gw.stub("catalog").behaviour().requests();

    HttpResponse<String> notModified = getIfNoneMatch("/whole/9", tag);
    assertEquals(304, notModified.statusCode());
    assertEquals("", notModified.body());
    assertEquals(tag, header(notModified, "etag"));
    assertEquals("hit", header(notModified, "mosaic-cache"));
    assertMaxAge(notModified, 15, 20);
    assertEquals(calls, gw.stub("catalog").behaviour().requests(), "no call, no re-shaping");

    assertEquals(304, getIfNoneMatch("/whole/9", "\"other\", W/" + tag).statusCode());
    assertEquals(304, getIfNoneMatch("/whole/9", "*").statusCode());
    HttpResponse<String> changed = getIfNoneMatch("/whole/9", "\"other\"");
    assertEquals(200, changed.statusCode());
    assertEquals(first.body(), changed.body());
  }

  @Test
  void aComposedAnswerThatChangedIsSentWhole() throws Exception {
    String seven = header(gw.get("/live/7"), "etag");
    String eight = header(gw.get("/live/8"), "etag");
    assertNotEquals(seven, eight);
    HttpResponse<String> response = getIfNoneMatch("/live/8", seven);
    assertEquals(200, response.statusCode());
    assertFalse(response.body().isEmpty());
    HttpResponse<String> same = getIfNoneMatch("/live/8", eight);
    assertEquals(304, same.statusCode(), "composed again, the same bytes: nothing to send");
  }
}
