package dev.mosaic.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.Scrape;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard against a running demo gateway that served each kind of traffic it charts
 * (a composed read, a degraded one, a view, a saga, a rate-limited write, a refusal at the edge):
 * every metric it queries exists, it imports without inputs to fill, and (where a Prometheus is
 * installed) a real Prometheus scraping the admin port answers its queries.
 */
class DashboardMetricsTest {

  private static final Path DASHBOARD = Path.of("..", "config", "grafana", "mosaic.json");
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:mosaic|jvm|process|system)_[a-z0-9_]+)");

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forDemo();

  @TempDir Path dir;

  @BeforeAll
  static void traffic() throws Exception {
    assertEquals(200, gw.get("/products/1").statusCode());
    assertEquals(200, gw.get("/products/1/card").statusCode());
    HttpResponse<String> checkout =
        gw.post(
            "/checkout",
            new JsonObject()
                .put("customerId", 3)
                .put("amount", 20.5)
                .put(
                    "items",
                    new JsonArray().add(new JsonObject().put("productId", 7).put("quantity", 1)))
                .encode());
    assertEquals(200, checkout.statusCode(), checkout.body());
    HttpResponse<String> review =
        gw.post("/products/7/reviews", "{\"userId\": 3, \"rating\": 4, \"text\": \"Fine\"}");
    assertTrue(review.statusCode() < 300, review.body());
    gw.stub("inventory").behaviour().errorRate(1.0);
    HttpResponse<String> degraded = gw.get("/products/2");
    gw.stub("inventory").behaviour().errorRate(0);
    assertEquals(200, degraded.statusCode(), degraded.body());
    assertTrue(degraded.headers().firstValue("Mosaic-Degraded").isPresent(), "stock fell back");
    assertEquals(
        414, gw.get("/products/" + "9".repeat(20_000)).statusCode(), "refused at the edge");
  }

  private static JsonObject dashboard() throws IOException {
    return new JsonObject(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
  }

  /** Every expression the dashboard evaluates: panel targets and variable queries. */
  private static List<String> expressions(JsonObject dashboard) {
    List<String> exprs = new ArrayList<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets", new JsonArray())) {
        String expr = ((JsonObject) target).getString("expr");
        if (expr != null) {
          exprs.add(expr);
        }
      }
    }
    for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
      String definition = ((JsonObject) variable).getString("definition");
      if (definition != null) {
        exprs.add(definition);
      }
    }
    return exprs;
  }

  @Test
  void everyMetricTheDashboardQueriesIsExposed() throws Exception {
    // the GC pause meter exists once a collection has happened: have one
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "a GC pause was recorded",
        () -> {
          System.gc();
          return GatewayHarness.holds(
              () ->
                  Scrape.parse(gw.admin("GET", "/metrics", null).body())
                      .has("jvm_gc_pause_seconds_sum"));
        });
    Scrape scrape = Scrape.parse(gw.admin("GET", "/metrics", null).body());
    Set<String> queried = new TreeSet<>();
    for (String expr : expressions(dashboard())) {
      Matcher names = METRIC.matcher(expr);
      while (names.find()) {
        queried.add(names.group(1));
      }
    }
    assertTrue(queried.size() >= 30, "the dashboard covers the gateway's metrics: " + queried);
    List<String> missing = queried.stream().filter(name -> !scrape.has(name)).toList();
    assertEquals(List.of(), missing, "queried by the dashboard, absent from /metrics");
  }

  @Test
  void itImportsWithoutInputsAndNarrowsEveryPanelToAJobAndInstance() throws Exception {
    JsonObject dashboard = dashboard();
    assertFalse(dashboard.containsKey("__inputs"), "nothing to fill in on import");
    assertFalse(dashboard.encode().contains("${DS_"), "no import-time data source placeholders");
    List<String> variables = new ArrayList<>();
    for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
      variables.add(((JsonObject) variable).getString("name"));
    }
    assertEquals(List.of("datasource", "job", "instance"), variables.subList(0, 3));
    Pattern selector = Pattern.compile(METRIC.pattern() + "(\\{[^}]*\\})?");
    for (Object panel : dashboard.getJsonArray("panels")) {
      JsonObject p = (JsonObject) panel;
      assertEquals("${datasource}", p.getJsonObject("datasource").getString("uid"), p.encode());
      for (Object target : p.getJsonArray("targets", new JsonArray())) {
        Matcher selectors = selector.matcher(((JsonObject) target).getString("expr"));
        while (selectors.find()) {
          String labels = selectors.group(2) == null ? "" : selectors.group(2);
          assertTrue(
              labels.contains("job=~\"$job\"") && labels.contains("instance=~\"$instance\""),
              p.getString("title") + ": " + selectors.group());
        }
      }
      if ("Circuit breaker state".equals(p.getString("title"))) {
        String expr = p.getJsonArray("targets").getJsonObject(0).getString("expr");
        assertTrue(
            expr.contains("max by (service)") && !expr.contains("sum"),
            "the worst instance's state, not a sum: " + expr);
      }
    }
  }

  @Test
  void aRealPrometheusScrapingTheAdminPortAnswersTheDashboardsQueries() throws Exception {
    Path prometheus = onPath("prometheus");
    Assumptions.assumeTrue(
        prometheus != null, "prometheus is not installed (Debian package prometheus): skipped");
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    int adminPort = gw.gateway().adminPort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global: { scrape_interval: 1s }
        scrape_configs:
          - job_name: mosaic
            static_configs: [ { targets: ["127.0.0.1:%d"] } ]
        """
            .formatted(adminPort));
    Process process =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    HttpClient client = HttpClient.newHttpClient();
    try {
      GatewayHarness.eventually(
          Duration.ofSeconds(30),
          "Prometheus scraped the gateway",
          () -> result(client, port, "mosaic_build_info").size() == 1);
      JsonObject info =
          result(client, port, "mosaic_build_info").getJsonObject(0).getJsonObject("metric");
      assertEquals("mosaic", info.getString("job"));
      assertEquals("127.0.0.1:" + adminPort, info.getString("instance"));
      assertTrue(info.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), info.encode());
      // the dashboard's own queries, its variables set to this job and every instance
      for (String expr :
          List.of(
              "sum by (route, method) (mosaic_endpoint_duration_seconds_count"
                  + "{job=~\"mosaic\", instance=~\".*\", route=~\".*\"})",
              "max by (service) (mosaic_breaker_state"
                  + "{job=~\"mosaic\", instance=~\".*\", state=\"closed\"})")) {
        assertFalse(result(client, port, expr).isEmpty(), "Prometheus has data for " + expr);
      }
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  private static JsonArray result(HttpClient client, int port, String query) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + port
                              + "/api/v1/query?query="
                              + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return new JsonArray();
      }
      return new JsonObject(response.body()).getJsonObject("data").getJsonArray("result");
    } catch (IOException e) {
      return new JsonArray();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new JsonArray();
    }
  }

  private static Path onPath(String name) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(directory, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
