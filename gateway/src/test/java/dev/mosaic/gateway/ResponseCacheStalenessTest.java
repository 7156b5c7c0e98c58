package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The composed-response cache past its ttl, as the fragment cache: stale-while-revalidate answers
 * at once and refreshes once, stale-if-error stands in for a failed composition and says so. The
 * ttl is short and real: the test waits it out, then asserts with wide margins.
 */
class ResponseCacheStalenessTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0 }
      cache: { maxEntries: 1000 }
      services:
        catalog: { urls: ["{catalog}"] }
      endpoints:
        GET /revalidated/{id}:
          cache: { ttl: 1500ms, staleWhileRevalidate: 30s }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /kept-on-error/{id}:
          cache: { ttl: 300ms, staleIfError: 30s }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /plain/{id}:
          cache: { ttl: 300ms }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  private static String header(HttpResponse<String> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  private static void waitPastTheTtl() throws InterruptedException {
    waitPast(Duration.ofMillis(400));
  }

  private static void waitPast(Duration ttl) throws InterruptedException {
    long until = System.nanoTime() + ttl.toNanos();
    eventually(Duration.ofSeconds(2), "the ttl to pass", () -> System.nanoTime() >= until);
  }

  @Test
  void aStaleAnswerIsServedAtOnceWhileExactlyOneCompositionRefreshesIt() throws Exception {
    Behaviour catalog = gw.stub("catalog").behaviour();
    assertEquals("miss", header(gw.get("/revalidated/3"), "mosaic-cache"));
    // a ttl long enough that the refreshed answer is still fresh when the poll below sees it, on
    // a loaded machine too (at 300 ms a slow poll found it stale again and refreshed it twice)
    waitPast(Duration.ofMillis(1600));
    catalog.latency(new LatencyModel.Fixed(300)); // the refresh stays in flight while others ask
    List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      concurrent.add(gw.getAsync("/revalidated/3"));
    }
    for (CompletableFuture<HttpResponse<String>> f : concurrent) {
      HttpResponse<String> stale = f.get();
      assertEquals(200, stale.statusCode(), stale.body());
      assertEquals("stale", header(stale, "mosaic-cache"));
      assertEquals("max-age=0", header(stale, "cache-control"));
      assertEquals("response;desc=\"stale\";dur=0.00", header(stale, "server-timing"));
    }
    catalog.latency(LatencyModel.NONE);
    eventually(
        Duration.ofSeconds(3),
        "the refreshed answer is fresh again",
        () -> {
          try {
            return header(gw.get("/revalidated/3"), "mosaic-cache").equals("hit");
          } catch (Exception e) {
            return false;
          }
        });
    assertEquals(2, catalog.requests(), "ten stale answers, exactly one refresh");
  }

  @Test
  void aFailedCompositionIsAnsweredWithTheLastGoodAnswerMarkedDegraded() throws Exception {
    HttpResponse<String> good = gw.get("/kept-on-error/4");
    assertEquals(200, good.statusCode(), good.body());
    waitPastTheTtl();
    gw.stub("catalog").behaviour().status(503);
    HttpResponse<String> stale = gw.get("/kept-on-error/4");
    assertEquals(200, stale.statusCode(), stale.body());
    assertEquals(good.body(), stale.body());
    assertEquals("stale", header(stale, "mosaic-cache"));
    assertEquals("response;stale", header(stale, "mosaic-degraded"));
    assertEquals("no-store", header(stale, "cache-control"));
  }

  @Test
  void withoutStaleIfErrorAFailedCompositionIsItsError() throws Exception {
    assertEquals(200, gw.get("/plain/5").statusCode());
    waitPastTheTtl();
    gw.stub("catalog").behaviour().status(503);
    assertEquals(502, gw.get("/plain/5").statusCode());
  }
}
