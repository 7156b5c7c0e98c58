package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.circuitbreaker.CircuitBreakerState;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} on the admin port after known traffic: exact counts of answers, calls by
 * outcome, degraded answers, cache lookups, retries and breaker states, as Prometheus reads them.
 * Each test uses routes of its own, so counts from the others never mix in.
 */
class MetricsTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0 }
      services:
        catalog: { urls: ["{catalog}"] }
        reviews: { urls: ["{reviews}"] }
        inventory:
          urls: ["{inventory}"]
          circuitBreaker: { failures: 4, openFor: 60s }
          retry: { attempts: 2, backoff: 1ms, budget: 100% }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s } }
            reviews: { service: reviews, path: "/reviews?productId=${path.id}", optional: true, fallback: [] }
          response: { name: "${product.name}", reviews: "${$count(reviews)}" }
        GET /items/{id}:
          calls:
            thing: { service: catalog, path: "/products/${path.id}" }
        GET /stock/{id}:
          calls:
            stock: { service: inventory, path: "/stock/${path.id}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  private static Scrape scrape() throws Exception {
    HttpResponse<String> response = gw.admin("GET", "/metrics", null);
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("content-type")
            .orElse("")
            .startsWith("text/plain; version=0.0.4"));
    return Scrape.parse(response.body());
  }

  @Test
  void answersCallsDegradedAnswersAndCacheLookupsAreCountedExactly() throws Exception {
    for (int id = 1; id <= 4; id++) {
      assertEquals(200, gw.get("/products/" + id).statusCode());
    }
    assertEquals("hit", gw.get("/products/1").headers().firstValue("mosaic-cache").orElse(""));
    gw.stub("reviews").behaviour().status(500);
    for (int id = 5; id <= 7; id++) {
      HttpResponse<String> degraded = gw.get("/products/" + id);
      assertEquals(200, degraded.statusCode());
      assertEquals("reviews", degraded.headers().firstValue("mosaic-degraded").orElse(""));
    }
    assertEquals(404, gw.get("/nowhere/1").statusCode());
    assertEquals(404, gw.get("/nowhere/2").statusCode());

    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the last answer recorded",
        () ->
            GatewayHarness.holds(
                () ->
                    scrape().sum("mosaic_endpoint_duration_seconds_count", "route", "unmatched")
                        == 2));
    Scrape s = scrape();
    String[] route = {"route", "/products/{id}", "method", "GET"};
    assertEquals(
        8, s.value("mosaic_endpoint_duration_seconds_count", with(route, "status", "200")));
    assertEquals(
        8,
        s.value(
            "mosaic_endpoint_duration_seconds_bucket", with(route, "status", "200", "le", "+Inf")));
    assertTrue(s.value("mosaic_endpoint_duration_seconds_sum", with(route, "status", "200")) > 0);
    assertEquals(
        2,
        s.value(
            "mosaic_endpoint_duration_seconds_count",
            "route",
            "unmatched",
            "method",
            "",
            "status",
            "404"));
    assertEquals(
        8,
        s.value(
            "mosaic_call_duration_seconds_count",
            with(route, "call", "product", "service", "catalog", "outcome", "ok")),
        "a cache hit is an ok call");
    assertEquals(
        5,
        s.value(
            "mosaic_call_duration_seconds_count",
            with(route, "call", "reviews", "service", "reviews", "outcome", "ok")),
        "the answer with a cached product still called reviews");
    assertEquals(
        5 + 3,
        s.sum("mosaic_call_duration_seconds_count", "route", "/products/{id}", "call", "reviews"));
    assertEquals(
        3,
        s.value(
            "mosaic_call_duration_seconds_count",
            with(route, "call", "reviews", "service", "reviews", "outcome", "fallback")));
    assertEquals(3, s.value("mosaic_degraded_answers_total", route));
    assertEquals(
        3,
        s.value(
            "mosaic_degraded_calls_total",
            with(route, "call", "reviews", "service", "reviews", "replacement", "fallback")));
    assertEquals(
        7,
        s.value("mosaic_cache_lookups_total", "level", "fragment", "tier", "l1", "result", "miss"));
    assertEquals(
        1,
        s.value("mosaic_cache_lookups_total", "level", "fragment", "tier", "l1", "result", "hit"));
  }

  @Test
  void labelsAreRouteTemplatesNeverRawPaths() throws Exception {
    for (int id = 100; id < 130; id++) {
      assertEquals(200, gw.get("/items/" + id).statusCode());
    }
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "30 answers recorded",
        () ->
            GatewayHarness.holds(
                () ->
                    scrape().sum("mosaic_endpoint_duration_seconds_count", "route", "/items/{id}")
                        == 30));
    String text = gw.admin("GET", "/metrics", null).body();
    assertFalse(text.contains("/items/1"), "no raw path became a label");
    assertEquals(
        30,
        scrape()
            .value(
                "mosaic_endpoint_duration_seconds_count",
                "route",
                "/items/{id}",
                "method",
                "GET",
                "status",
                "200"),
        "one series for 30 different ids");
  }

  @Test
  void retriesAndBreakerStatesAreReadAtScrapeTime() throws Exception {
    Scrape before = scrape();
    assertEquals(
        1, before.value("mosaic_breaker_state", "service", "inventory", "state", "closed"));
    assertEquals(0, before.value("mosaic_breaker_state", "service", "inventory", "state", "open"));
    double retriesBefore = before.value("mosaic_retries_total", "service", "inventory");
    gw.stub("inventory").behaviour().status(503);
    int rejected = 0;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> answer = gw.get("/stock/" + (i + 1));
      assertTrue(answer.statusCode() >= 500, answer.body());
      if (answer.body().contains("breaker-open")) {
        rejected++;
      }
    }
    assertEquals(CircuitBreakerState.OPEN, gw.gateway().guards().of("inventory").breaker().state());
    long reached = gw.stub("inventory").behaviour().requests();
    int sent = 8 - rejected;
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "8 answers recorded",
        () ->
            GatewayHarness.holds(
                () ->
                    scrape().sum("mosaic_endpoint_duration_seconds_count", "route", "/stock/{id}")
                        == 8));
    Scrape s = scrape();
    assertEquals(1, s.value("mosaic_breaker_state", "service", "inventory", "state", "open"));
    assertEquals(0, s.value("mosaic_breaker_state", "service", "inventory", "state", "closed"));
    assertEquals(
        reached - sent,
        s.value("mosaic_retries_total", "service", "inventory") - retriesBefore,
        "every request beyond one per call that reached the stub is a retry");
    assertTrue(reached > sent, "503s were retried");
    assertEquals(
        rejected,
        s.value(
            "mosaic_call_duration_seconds_count",
            "route",
            "/stock/{id}",
            "method",
            "GET",
            "call",
            "stock",
            "service",
            "inventory",
            "outcome",
            "rejected"));
    assertTrue(rejected >= 4, "the breaker turned calls away once open: " + rejected);
  }

  @Test
  void theExpositionPassesPrometheusOwnChecksAndHasJvmAndPoolMeters() throws Exception {
    assertEquals(
        200, gw.get("/products/9").statusCode()); // so the client pools have something to report
    HttpResponse<String> response = gw.admin("GET", "/metrics", null);
    Scrape s = Scrape.parse(response.body());
    s.checkWithPromtool();
    assertTrue(s.has("jvm_memory_used_bytes"), "JVM memory");
    assertTrue(s.has("jvm_threads_live_threads"), "JVM threads");
    // every event loop's pool counted: two server instances, one instance of the service each
    int poolSize = dev.mosaic.rules.plan.ServicePlan.DEFAULT_POOL_SIZE;
    assertEquals(2.0 * poolSize, s.value("mosaic_pool_limit", "service", "catalog"));
    assertTrue(
        s.value("mosaic_pool_connections", "service", "catalog") >= 1,
        "a connection to catalog is open");
    assertTrue(s.value("mosaic_pool_connections", "service", "catalog") <= 2.0 * poolSize);
    assertEquals(
        0, s.value("mosaic_pool_waiting", "service", "catalog"), "nothing waits for a connection");
    // no per-request Vert.x meters: Mosaic's own replace them (they cost every call twice)
    assertFalse(
        s.names().stream().anyMatch(name -> name.startsWith("vertx_")),
        "no Vert.x meters: " + s.names());
    assertEquals(0, s.value("mosaic_config_reloads_total", "result", "rejected"));
    assertEquals(1, s.value("mosaic_config_generation"));
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
