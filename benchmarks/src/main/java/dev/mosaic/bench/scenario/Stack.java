package dev.mosaic.bench.scenario;

import dev.mosaic.bench.peer.FloorServer;
import dev.mosaic.bench.proc.ManagedProcess;
import dev.mosaic.bench.proc.Nginx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes under test, each its own JVM (or nginx): the stubs of config/bench/stubs.yaml, the
 * gateway with config/bench/scenarios.yaml, the hand-written floor ({@link FloorServer}) when the
 * floor comparison runs, and nginx in front of the catalog stub when installed. Ports are fixed by
 * those files; all on 127.0.0.1.
 */
final class Stack implements AutoCloseable {

  static final int STUB_CONTROL_PORT = 9300;
  static final int CATALOG_PORT = 9301;
  static final int INVENTORY_PORT = 9302;
  static final int REVIEWS_PORT = 9303;
  static final int USERS_PORT = 9304;
  static final int GATEWAY_PORT = 9380;
  static final int FLOOR_PORT = 9385;
  static final int NGINX_PORT = 9390;
  static final List<String> SERVICES =
      List.of("catalog", "inventory", "reviews", "users", "orders");

  final ManagedProcess stubs;
  final ManagedProcess gateway;

  /** null unless the floor comparison runs */
  final ManagedProcess floor;

  final ManagedProcess nginx;
  final String nginxNote;
  private final HttpClient control =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Stack(
      ManagedProcess stubs,
      ManagedProcess gateway,
      ManagedProcess floor,
      ManagedProcess nginx,
      String nginxNote) {
    this.stubs = stubs;
    this.gateway = gateway;
    this.floor = floor;
    this.nginx = nginx;
    this.nginxNote = nginxNote;
  }

  /**
   * config/bench/scenarios.yaml, or the variant named by MOSAIC_BENCH_GATEWAY_CONFIG (the same
   * endpoints with some gateway feature turned off, for an A/B run: benchmarks/ops-overhead.sh).
   */
  static Path gatewayConfig(Path root) {
    String variant = System.getenv("MOSAIC_BENCH_GATEWAY_CONFIG");
    return variant == null || variant.isBlank()
        ? root.resolve("config/bench/scenarios.yaml")
        : Path.of(variant);
  }

  /**
   * gateway/target/mosaic.jar, or the jar named by MOSAIC_BENCH_GATEWAY_JAR (another build of the
   * gateway, for a before/after run: benchmarks/edge-overhead.sh).
   */
  static Path gatewayJar(Path root) {
    String other = System.getenv("MOSAIC_BENCH_GATEWAY_JAR");
    return other == null || other.isBlank()
        ? root.resolve("gateway/target/mosaic.jar")
        : Path.of(other);
  }

  static Stack start(Path root, Path workDir, boolean withNginx, boolean withFloor)
      throws IOException, InterruptedException {
    Path stubsJar = root.resolve("stub-services/target/mosaic-stubs.jar");
    Path gatewayJar = gatewayJar(root);
    for (Path jar : List.of(stubsJar, gatewayJar)) {
      if (!Files.exists(jar)) {
        throw new IOException(jar + " is missing: build first (benchmarks/run.sh does)");
      }
    }
    refuseTakenPorts(withNginx, withFloor);
    List<ManagedProcess> started = new ArrayList<>();
    try {
      // ZGC like the gateway (composerJvm says why)
      ManagedProcess stubs =
          ManagedProcess.start(
              "stubs",
              List.of(
                  java(),
                  "-XX:+UseZGC",
                  "-Xms512m",
                  "-Xmx512m",
                  "-jar",
                  stubsJar.toString(),
                  root.resolve("config/bench/stubs.yaml").toString()),
              workDir);
      started.add(stubs);
      stubs.awaitReady(
          "http://127.0.0.1:" + STUB_CONTROL_PORT + "/_control", Duration.ofSeconds(60));
      List<String> gatewayCommand = new ArrayList<>(composerJvm());
      gatewayCommand.addAll(
          List.of("-jar", gatewayJar.toString(), "run", gatewayConfig(root).toString()));
      ManagedProcess gateway = ManagedProcess.start("gateway", gatewayCommand, workDir);
      started.add(gateway);
      ManagedProcess floor = null;
      if (withFloor) { // started beside the gateway: both JVMs boot at once
        // the runner's own classpath: the shaded mosaic-bench.jar from run.sh, the build's classes
        // and dependencies in the test suite
        List<String> floorCommand = new ArrayList<>(composerJvm());
        floorCommand.addAll(
            List.of(
                "-cp",
                System.getProperty("java.class.path"),
                FloorServer.class.getName(),
                Integer.toString(FLOOR_PORT),
                Integer.toString(CATALOG_PORT),
                Integer.toString(INVENTORY_PORT),
                Integer.toString(REVIEWS_PORT),
                Integer.toString(USERS_PORT)));
        floor = ManagedProcess.start("floor", floorCommand, workDir);
        started.add(floor);
      }
      gateway.awaitReady(
          "http://127.0.0.1:" + GATEWAY_PORT + "/s1/products/1", Duration.ofSeconds(60));
      if (floor != null) {
        floor.awaitReady(
            "http://127.0.0.1:" + FLOOR_PORT + "/s1/products/1", Duration.ofSeconds(60));
      }
      ManagedProcess nginx = null;
      String note = null;
      if (!withNginx) {
        note = "nginx not run in this mode";
      } else if (Nginx.binary() == null) {
        note = "nginx is not installed (Debian package nginx); its row is skipped";
      } else {
        nginx =
            Nginx.start(
                Nginx.binary(),
                root.resolve("benchmarks/nginx/nginx.conf"),
                workDir,
                NGINX_PORT,
                CATALOG_PORT);
        started.add(nginx);
        nginx.awaitReady("http://127.0.0.1:" + NGINX_PORT + "/products/1", Duration.ofSeconds(20));
      }
      return new Stack(stubs, gateway, floor, nginx, note);
    } catch (IOException | InterruptedException | RuntimeException e) {
      started.forEach(ManagedProcess::close);
      throw e;
    }
  }

  /** Sets every stub's latency: "0" or a JSON value such as {"p50":"5ms","p99":"25ms"}. */
  void stubLatency(String latencyJson) throws IOException, InterruptedException {
    for (String service : SERVICES) {
      stubControl("POST", service, "{\"latency\": " + latencyJson + "}");
    }
  }

  /**
   * One request to the stubs' control port: POST a behaviour change such as {"hang": true}, DELETE
   * to restore the configured behaviour (counters at zero), GET the state. Returns the answer's
   * body.
   */
  String stubControl(String method, String service, String json)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher body =
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json);
    HttpResponse<String> response =
        control.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + STUB_CONTROL_PORT + "/_control/" + service))
                .timeout(Duration.ofSeconds(5))
                .method(method, body)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "stub control refused " + method + " " + service + " " + json + ": " + response.body());
    }
    return response.body();
  }

  String url(Scenario scenario) {
    int port =
        switch (scenario.target()) {
          case GATEWAY -> GATEWAY_PORT;
          case CATALOG -> CATALOG_PORT;
          case INVENTORY -> INVENTORY_PORT;
          case REVIEWS -> REVIEWS_PORT;
          case NGINX -> NGINX_PORT;
        };
    return "http://127.0.0.1:" + port + scenario.path();
  }

  /**
   * Where a floor comparison target serves a workload; null when it does not (nginx cannot
   * compose).
   */
  String url(FloorWorkload workload, FloorTarget target) {
    String path = workload.path(target);
    if (path == null) {
      return null;
    }
    int port =
        switch (target) {
          case MOSAIC -> GATEWAY_PORT;
          case FLOOR -> FLOOR_PORT;
          case NGINX -> NGINX_PORT;
        };
    return "http://127.0.0.1:" + port + path;
  }

  /** The process whose CPU a floor comparison target's requests cost; null when not running. */
  ManagedProcess answering(FloorTarget target) {
    return switch (target) {
      case MOSAIC -> gateway;
      case FLOOR -> floor;
      case NGINX -> nginx;
    };
  }

  /** The process whose CPU a scenario's requests cost. */
  ManagedProcess answering(Scenario scenario) {
    return switch (scenario.target()) {
      case GATEWAY -> gateway;
      case NGINX -> nginx;
      default -> stubs;
    };
  }

  /**
   * The java command and JVM options of the gateway and of the floor, in one place so the two
   * processes compared with each other can never run under different settings. ZGC: with G1 on 2
   * shared cores, 15-20 ms young pauses put the gateway's p99 at tens of ms at 2k req/s; with ZGC
   * the same load had p99 ≈ 2-4 ms (benchmarks/README.md).
   */
  /**
   * A port already answered by an earlier run's leftover process would be measured in place of the
   * one started here (whose bind fails while the leftover answers every readiness check): refused.
   */
  private static void refuseTakenPorts(boolean withNginx, boolean withFloor) throws IOException {
    List<Integer> ports =
        new ArrayList<>(
            List.of(
                STUB_CONTROL_PORT,
                CATALOG_PORT,
                INVENTORY_PORT,
                REVIEWS_PORT,
                USERS_PORT,
                GATEWAY_PORT));
    if (withFloor) {
      ports.add(FLOOR_PORT);
    }
    if (withNginx) {
      ports.add(NGINX_PORT);
    }
    for (int port : ports) {
      try (java.net.Socket probe = new java.net.Socket()) {
        probe.connect(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 200);
      } catch (IOException free) {
        continue;
      }
      throw new IOException(
          "port "
              + port
              + " on 127.0.0.1 is taken: stop what listens there (an earlier run's process?)"
              + " before measuring");
    }
  }

  static List<String> composerJvm() {
    List<String> command = new ArrayList<>(List.of(java(), "-XX:+UseZGC", "-Xms512m", "-Xmx512m"));
    command.addAll(extraJvmOptions());
    return command;
  }

  /**
   * Extra JVM options from MOSAIC_BENCH_GATEWAY_OPTS (space-separated), for a look inside while
   * profiling, e.g. {@code -XX:+PrintCompilation} or a JFR recording. Empty normally. The floor
   * gets them too ({@link #composerJvm}).
   */
  private static List<String> extraJvmOptions() {
    String opts = System.getenv("MOSAIC_BENCH_GATEWAY_OPTS");
    return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    if (nginx != null) {
      nginx.close();
    }
    if (floor != null) {
      floor.close();
    }
    gateway.close();
    stubs.close();
  }
}
