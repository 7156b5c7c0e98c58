package dev.mosaic.bench.view;

import dev.mosaic.bench.load.HttpTarget;
import dev.mosaic.bench.load.LoadResult;
import dev.mosaic.bench.load.OpenLoopLoad;
import dev.mosaic.bench.load.Wrk;
import dev.mosaic.bench.load.WrkResult;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read views against the response cache, live composition and the hand-written floor, in one run
 * (benchmarks/views.sh starts the processes):
 *
 * <ol>
 *   <li>Hit throughput, stubs at latency 0: closed loop with wrk on a view, a response-cache hit of
 *       the same composition, the live composition and the floor's, in rounds, each round's targets
 *       back to back.
 *   <li>Latency at 5 ms service latency: the live composition's saturation, then open loop at half
 *       of it on the view, the live composition and the floor.
 *   <li>Event to fresh view: change events appended at 1,000 a second for 200 warm views; the
 *       gateway's own histogram of append-to-fresh times ({@code mosaic_view_staleness_seconds}).
 * </ol>
 *
 * <p>{@code ViewBenchmark GATEWAY_PORT ADMIN_PORT FLOOR_PORT STUB_CONTROL_PORT REDIS_URL OUT}
 */
public final class ViewBenchmark {

  private static final int ROUNDS = 3;
  private static final Duration WARMUP = Duration.ofSeconds(20);
  private static final Duration RUN = Duration.ofSeconds(10);
  private static final Duration OPEN_LOOP = Duration.ofSeconds(20);
  private static final Duration OPEN_LOOP_WARMUP = Duration.ofSeconds(5);
  private static final int EVENT_RATE = 1_000;
  private static final Duration EVENTS_FOR = Duration.ofSeconds(20);
  private static final int VIEWS = 200;

  private final int gateway;
  private final int admin;
  private final int floor;
  private final int stubControl;
  private final String redisUrl;
  private final HttpClient http = HttpClient.newHttpClient();
  private final StringBuilder report = new StringBuilder();

  private ViewBenchmark(int gateway, int admin, int floor, int stubControl, String redisUrl) {
    this.gateway = gateway;
    this.admin = admin;
    this.floor = floor;
    this.stubControl = stubControl;
    this.redisUrl = redisUrl;
  }

  public static void main(String[] args) throws Exception {
    ViewBenchmark bench =
        new ViewBenchmark(
            Integer.parseInt(args[0]),
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Integer.parseInt(args[3]),
            args[4]);
    Path out = Path.of(args[5]);
    Files.createDirectories(out.getParent());
    bench.run();
    Files.writeString(out, bench.report.toString());
    System.out.println(bench.report);
  }

  private String url(int port, String prefix) {
    return "http://127.0.0.1:" + port + prefix;
  }

  private void run() throws Exception {
    Wrk wrk =
        Wrk.prepare(
            Wrk.binary().orElseThrow(() -> new IllegalStateException("wrk is not installed")),
            Files.createTempDirectory("views-wrk"));
    Map<String, String> targets = new java.util.LinkedHashMap<>();
    targets.put("view", url(gateway, "/view/"));
    targets.put("response cache", url(gateway, "/cached/"));
    targets.put("live composition", url(gateway, "/live/"));
    targets.put("floor (hand-written Vert.x)", url(floor, "/s2/"));
    report
        .append("# Read views, ")
        .append(java.time.Instant.now().toString(), 0, 16)
        .append("Z\n\n");
    stubLatency("0");
    for (String target : targets.values()) {
      wrk.run(target, 64, WARMUP);
    }
    Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
    List<Double> viewOverCache = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      Map<String, Double> thisRound = new TreeMap<>();
      for (Map.Entry<String, String> target : targets.entrySet()) {
        WrkResult result = wrk.run(target.getValue(), 64, RUN);
        if (result.errors() > 0) {
          throw new IllegalStateException(target.getKey() + ": " + result.errors() + " errors");
        }
        rates
            .computeIfAbsent(target.getKey(), k -> new ArrayList<>())
            .add(result.requestsPerSecond());
        thisRound.put(target.getKey(), result.requestsPerSecond());
      }
      viewOverCache.add(thisRound.get("view") / thisRound.get("response cache"));
    }
    report.append("## Hit throughput (stubs at latency 0; wrk, 1 thread, 64 connections)\n\n");
    report
        .append("| target | req/s, median of ")
        .append(ROUNDS)
        .append(" (min–max) |\n|---|---:|\n");
    rates.forEach(
        (k, v) -> report.append("| ").append(k).append(" | ").append(spread(v)).append(" |\n"));
    double ratio = median(viewOverCache);
    report.append(
        String.format(
            Locale.ROOT,
            "\nView hit ÷ response-cache hit: **%.2f×** (each round's ratio: %s); target ≥ 0.90×: %s.\n\n",
            ratio,
            viewOverCache.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(),
            ratio >= 0.9 ? "met" : "**not met**"));

    stubLatency("\"5ms\"");
    for (String prefix : List.of("/live/", "/view/")) {
      wrk.run(url(gateway, prefix), 64, Duration.ofSeconds(10));
    }
    wrk.run(url(floor, "/s2/"), 64, Duration.ofSeconds(10));
    double saturation = wrk.run(url(gateway, "/live/"), 64, RUN).requestsPerSecond();
    int rate = (int) (saturation / 2);
    report
        .append(
            "## Latency at 5 ms service latency (open loop, HdrHistogram, from each request's due time)\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "The live composition saturates at %.0f req/s here (wrk, 64 connections); each target then gets"
                    + " %d req/s (50%%) for %d s.\n\n",
                saturation,
                rate,
                OPEN_LOOP.toSeconds()))
        .append(
            "| target | p50 ms | p90 ms | p99 ms | p99.9 ms | errors |\n|---|---:|---:|---:|---:|---:|\n");
    Map<String, Double> p99 = new TreeMap<>();
    try (OpenLoopLoad load = new OpenLoopLoad()) {
      for (Map.Entry<String, String> target :
          Map.of(
                  "view", url(gateway, "/view/{id}"),
                  "live composition", url(gateway, "/live/{id}"),
                  "floor (hand-written Vert.x)", url(floor, "/s2/{id}"))
              .entrySet()
              .stream()
              .sorted(Map.Entry.comparingByKey())
              .toList()) {
        HttpTarget http = HttpTarget.of(target.getValue()).withIds(1000);
        load.run(http, rate, OPEN_LOOP_WARMUP); // the generator's connections and JIT, not measured
        LoadResult result = load.run(http, rate, OPEN_LOOP);
        p99.put(target.getKey(), result.millis(99));
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %.2f | %.2f | %d |\n",
                target.getKey(),
                result.millis(50),
                result.millis(90),
                result.millis(99),
                result.millis(99.9),
                result.failed()));
      }
    }
    double lower = p99.get("live composition") / p99.get("view");
    report.append(
        String.format(
            Locale.ROOT,
            "\nLive p99 ÷ view p99: **%.1f×**; target ≥ 5×: %s.\n\n",
            lower,
            lower >= 5 ? "met" : "**not met**"));

    events();
  }

  /** 200 warm views, then change events for them at 1,000 a second. */
  private void events() throws Exception {
    for (int id = 1; id <= VIEWS; id++) {
      http.send(
          HttpRequest.newBuilder(URI.create(url(gateway, "/view/" + id))).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    Map<Double, Double> before = staleness();
    Map<String, Double> refreshesBefore = refreshes();
    Vertx vertx = Vertx.vertx();
    long appended = 0;
    try {
      RedisConnection redis =
          Redis.createClient(vertx, redisUrl)
              .connect()
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      long start = System.nanoTime();
      long end = start + EVENTS_FOR.toNanos();
      // paced in 10 ms slices: 10 events per slice, each slice due at its own time
      for (long slice = 0; System.nanoTime() < end; slice++) {
        long due = start + slice * 10_000_000L;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        for (int i = 0; i < EVENT_RATE / 100; i++) {
          int id = ThreadLocalRandom.current().nextInt(1, VIEWS + 1);
          redis.send(
              Request.cmd(Command.XADD)
                  .arg("mosaic:events")
                  .arg("*")
                  .arg("event")
                  .arg("{\"tags\":[\"product:" + id + "\"]}"));
          appended++;
        }
      }
      awaitRefreshesDone(); // the last refreshes land
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    Map<Double, Double> after = staleness();
    Map<String, Double> refreshesAfter = refreshes();
    double total =
        after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
            - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    report
        .append("## Event to fresh view (stubs at 5 ms)\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%d events appended in %d s (%d/s) for %d views; %.0f times a stale view was fresh again"
                    + " (a burst for one view is one recomposition). From the gateway's"
                    + " `mosaic_view_staleness_seconds` (append of the latest event a view missed → the"
                    + " view fresh again):\n\n",
                appended,
                EVENTS_FOR.toSeconds(),
                EVENT_RATE,
                VIEWS,
                total))
        .append("| within | share |\n|---|---:|\n");
    for (double le : List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25)) {
      double count = after.getOrDefault(le, 0.0) - before.getOrDefault(le, 0.0);
      report.append(
          String.format(
              Locale.ROOT,
              "| %.0f ms | %.2f%% |\n",
              le * 1000,
              total == 0 ? 0 : 100 * count / total));
    }
    report.append("\nRecompositions by outcome meanwhile:");
    refreshesAfter.forEach(
        (outcome, count) ->
            report.append(
                String.format(
                    Locale.ROOT,
                    " %s %.0f;",
                    outcome,
                    count - refreshesBefore.getOrDefault(outcome, 0.0))));
    report.append('\n');
    double within50 =
        total == 0 ? 0 : (after.getOrDefault(0.05, 0.0) - before.getOrDefault(0.05, 0.0)) / total;
    report.append(
        String.format(
            Locale.ROOT,
            "\np99 ≤ 50 ms (at least 99%% within 50 ms): %s (%.2f%%).\n",
            within50 >= 0.99 ? "met" : "**not met**",
            within50 * 100));
  }

  /**
   * A bucket line; its labels may hold braces (route="/view/{id}"), so the value is the last field.
   */
  private static final Pattern BUCKET =
      Pattern.compile("(?m)^mosaic_view_staleness_seconds_bucket\\{(.*)} (\\S+)$");

  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  /** Until the gateway has no recomposition queued or running, for at most 10 s. */
  private void awaitRefreshesDone() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      io.vertx.core.json.JsonObject views =
          new io.vertx.core.json.JsonObject(
              http.send(
                      HttpRequest.newBuilder(URI.create(url(admin, "/admin/views"))).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      if (views.getInteger("refreshesQueued") == 0 && views.getInteger("refreshesRunning") == 0) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("recompositions still running 10 s after the last event");
  }

  private static final Pattern REFRESHES =
      Pattern.compile(
          "(?m)^mosaic_view_refresh_duration_seconds_count\\{.*outcome=\"([a-z]+)\".*} (\\S+)$");

  /** Background recompositions so far, by outcome. */
  private Map<String, Double> refreshes() throws Exception {
    Map<String, Double> counts = new TreeMap<>();
    Matcher m = REFRESHES.matcher(metrics());
    while (m.find()) {
      counts.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
    }
    return counts;
  }

  private String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url(admin, "/metrics"))).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Cumulative counts of the staleness histogram by upper bound, summed over routes. */
  private Map<Double, Double> staleness() throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(url(admin, "/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<Double, Double> buckets = new TreeMap<>();
    Matcher m = BUCKET.matcher(text);
    while (m.find()) {
      Matcher bound = LE.matcher(m.group(1));
      if (!bound.find()) {
        continue;
      }
      double le =
          bound.group(1).equals("+Inf")
              ? Double.POSITIVE_INFINITY
              : Double.parseDouble(bound.group(1));
      buckets.merge(le, Double.parseDouble(m.group(2)), Double::sum);
    }
    return buckets;
  }

  private void stubLatency(String latency) throws Exception {
    for (String service : List.of("catalog", "inventory", "reviews")) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + stubControl + "/_control/" + service))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"latency\": " + latency + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("stub control: " + answer.body());
      }
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String spread(List<Double> values) {
    return String.format(
        Locale.ROOT,
        "%.0f (%.0f–%.0f)",
        median(values),
        values.stream().mapToDouble(d -> d).min().orElse(0),
        values.stream().mapToDouble(d -> d).max().orElse(0));
  }
}
