package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.LatencyModel;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-process fragment cache end to end: hits, misses and expiry as the client sees them
 * (Mosaic-Cache, Age, Server-Timing) and as the service sees them (its request counter); entries
 * shared between endpoints; stale-while-revalidate with one refresh; stale-if-error; N concurrent
 * misses coalesced into one call across event loops; per-identity keys.
 */
class FragmentCacheTest {

  private static final String CONFIG =
      """
      cache: { maxEntries: 1000, maxBytes: 8MB }
      services:
        catalog:   { urls: ["{catalog}"], timeout: 2s }
        inventory: { urls: ["{inventory}"], timeout: 2s }
        reviews:   { urls: ["{reviews}"], timeout: 2s }
        users:     { urls: ["{users}"], timeout: 2s }
        orders:    { urls: ["{orders}"], timeout: 2s }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 300ms } }
          response: { name: "${product.name}" }
        GET /p/{id}/name:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 300ms } }
          response: "${product.name}"
        GET /stock/{id}:
          calls:
            stock: { service: inventory, path: "/stock/${path.id}", cache: { ttl: 200ms, staleWhileRevalidate: 10s } }
          response: { available: "${stock.available}" }
        GET /reviews/{id}:
          calls:
            reviews: { service: reviews, path: "/reviews?productId=${path.id}", cache: { ttl: 200ms, staleIfError: 10s } }
          response: { count: "${$count(reviews)}" }
        GET /o/{id}:
          calls:
            order: { service: orders, path: "/orders/${path.id}", cache: { ttl: 10s } }
          response: { id: "${order.id}" }
        GET /me/{id}:
          headers: [Authorization]
          calls:
            me:
              service: users
              path: "/users/${path.id}"
              headers: { Authorization: "${headers.authorization}" }
              cache: { ttl: 10s, vary: [Authorization] }
          response: { name: "${me.name}" }
        GET /cc/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 100ms, fromCacheControl: true } }
          response: { name: "${product.name}" }
        GET /live/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("Mosaic-Cache").orElse("none");
  }

  private static void waitFor(Duration duration) throws InterruptedException {
    long until = System.nanoTime() + duration.toNanos();
    eventually(duration.plusSeconds(1), "time to pass", () -> System.nanoTime() >= until);
  }

  @Test
  void aMissIsStoredThenHitUntilItsTtlEnds() throws Exception {
    Behaviour catalog = gw.stub("catalog").behaviour();
    HttpResponse<String> first = gw.get("/p/11");
    assertEquals("miss", cache(first));
    assertTrue(first.headers().firstValue("age").isEmpty());
    HttpResponse<String> second = gw.get("/p/11");
    assertEquals(200, second.statusCode());
    assertEquals(first.body(), second.body());
    assertEquals("hit", cache(second));
    assertEquals("0", second.headers().firstValue("age").orElseThrow());
    assertTrue(second.headers().firstValue("Server-Timing").orElseThrow().contains("cache=hit"));
    assertEquals(1, catalog.requests());

    assertEquals(
        "hit", cache(gw.get("/p/11/name")), "the entry is the call's, shared by both endpoints");
    assertEquals(1, catalog.requests());

    waitFor(Duration.ofMillis(350));
    assertEquals("miss", cache(gw.get("/p/11")), "past its ttl");
    assertEquals(2, catalog.requests());
    assertEquals("bypass", cache(gw.get("/live/11")));
  }

  @Test
  void staleWhileRevalidateAnswersAtOnceAndRefreshesOnce() throws Exception {
    Behaviour inventory = gw.stub("inventory").behaviour();
    assertEquals("miss", cache(gw.get("/stock/12")));
    waitFor(Duration.ofMillis(250));
    inventory.latency(
        new LatencyModel.Fixed(300)); // the refresh stays in flight while the others ask
    List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      concurrent.add(gw.getAsync("/stock/12"));
    }
    for (CompletableFuture<HttpResponse<String>> f : concurrent) {
      HttpResponse<String> stale = f.get();
      assertEquals(200, stale.statusCode());
      assertEquals("stale", cache(stale));
    }
    inventory.latency(LatencyModel.NONE);
    // asking again while the refresh is still on its way joins it (stale, no new refresh); once it
    // has landed the entry is fresh: so polling cannot cause a second refresh
    eventually(
        Duration.ofSeconds(3),
        "the refreshed answer is fresh again",
        () -> {
          try {
            return cache(gw.get("/stock/12")).equals("hit");
          } catch (Exception e) {
            return false;
          }
        });
    assertEquals(2, inventory.requests(), "ten stale answers, exactly one refresh");
  }

  @Test
  void staleIfErrorStandsInForAFailedCallAndSaysSo() throws Exception {
    Behaviour reviews = gw.stub("reviews").behaviour();
    HttpResponse<String> good = gw.get("/reviews/13");
    waitFor(Duration.ofMillis(250));
    reviews.status(503);
    HttpResponse<String> stale = gw.get("/reviews/13");
    assertEquals(200, stale.statusCode());
    assertEquals(good.body(), stale.body());
    assertEquals("stale", cache(stale));
    assertEquals("reviews;stale", stale.headers().firstValue("Mosaic-Degraded").orElseThrow());

    GatewayHarness.await(gw.stub("reviews").refuse());
    assertEquals("stale", cache(gw.get("/reviews/13")), "a refused connection too");
  }

  @Test
  void concurrentMissesMakeOneCall() throws Exception {
    Behaviour orders = gw.stub("orders").behaviour().latency(new LatencyModel.Fixed(300));
    List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      concurrent.add(gw.getAsync("/o/14"));
    }
    for (CompletableFuture<HttpResponse<String>> f : concurrent) {
      HttpResponse<String> response = f.get();
      assertEquals(200, response.statusCode());
      assertEquals("{\"id\":14}", response.body());
    }
    assertEquals(1, orders.requests(), "fifty misses, one call");
  }

  @Test
  void anAnswerCachedForOneIdentityIsNeverServedToAnother() throws Exception {
    Behaviour users = gw.stub("users").behaviour();
    assertEquals("miss", cache(gw.get("/me/15", "Authorization", "Bearer alice")));
    assertEquals("miss", cache(gw.get("/me/15", "Authorization", "Bearer bob")));
    assertEquals("hit", cache(gw.get("/me/15", "Authorization", "Bearer alice")));
    assertEquals(2, users.requests());
  }

  @Test
  void theServicesCacheControlCanSetTheTtl() throws Exception {
    Behaviour catalog = gw.stub("catalog").behaviour().cacheControl("public, max-age=60");
    assertEquals("miss", cache(gw.get("/cc/31")));
    waitFor(Duration.ofMillis(250)); // past the config's 100ms, well within the service's 60s
    assertEquals("hit", cache(gw.get("/cc/31")));
    catalog.cacheControl("s-maxage=0, max-age=60"); // s-maxage is the shared caches' word
    assertEquals("miss", cache(gw.get("/cc/32")));
    assertEquals("miss", cache(gw.get("/cc/32")), "s-maxage=0: not kept");
    assertEquals(3, catalog.requests());
  }

  @Test
  void noStoreAndPrivateAnswersAreNotKeptForOtherCallers() throws Exception {
    Behaviour catalog = gw.stub("catalog").behaviour().cacheControl("no-store");
    gw.get("/p/33");
    assertEquals("miss", cache(gw.get("/p/33")));
    catalog.cacheControl("private, max-age=60");
    gw.get("/p/34");
    assertEquals(
        "miss",
        cache(gw.get("/p/34")),
        "a private answer is never shared by a key without identity");
    assertEquals(4, catalog.requests());
  }

  @Test
  void failuresAreNotStored() throws Exception {
    Behaviour catalog = gw.stub("catalog").behaviour().status(500);
    assertEquals(502, gw.get("/p/16").statusCode());
    catalog.status(0);
    assertEquals("miss", cache(gw.get("/p/16")));
    assertEquals(2, catalog.requests());
  }
}
