package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.LatencyModel;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, in a gateway process of its own: readiness turns 503 at once (on the health
 * listener), every request sent until the "load balancer" noticed is answered 200, a request in
 * flight when the listener closes is answered too, and the process exits 0.
 */
class DrainTest {

  private static final String STUBS =
      """
      server: { host: 127.0.0.1, port: 0, instances: 1 }
      services:
        catalog: { urls: ["{catalog}"] }
      endpoints:
        GET /direct/{id}:
          calls: { p: { service: catalog, path: "/products/${path.id}" } }
      """;

  private static final String PROCESS =
      """
      server:
        host: 127.0.0.1
        port: {port}
        instances: 2
        drainDelay: 2s
        shutdownGrace: 10s
        healthPort: HEALTH
      services:
        catalog: { urls: ["{catalog}"], timeout: 5s }
      endpoints:
        GET /slow/{id}:
          deadline: 5s
          calls: { p: { service: catalog, path: "/products/${path.id}" } }
          response: { name: "${p.name}" }
      """;

  @TempDir Path dir;
  private GatewayHarness stubs;
  private GatewayProcess process;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    stubs = GatewayHarness.start(STUBS);
    stubs.stub("catalog").behaviour().latency(new LatencyModel.Fixed(300));
  }

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.close();
    }
    if (stubs != null) {
      stubs.close();
    }
  }

  private int ready(int healthPort) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void aSigtermLosesNoRequestAndExitsZero() throws Exception {
    int healthPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      healthPort = probe.getLocalPort();
    }
    process =
        GatewayProcess.start(
            stubs.resolve(PROCESS.replace("HEALTH", Integer.toString(healthPort))), dir);
    // the health listener opens once the gateway has started around its servers
    GatewayHarness.eventually(
        Duration.ofSeconds(10), "ready on the health listener", () -> ready(healthPort) == 200);

    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger answered = new AtomicInteger();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      int client = c;
      Thread t =
          new Thread(
              () -> {
                for (int i = 1; sending.get(); i++) {
                  try {
                    HttpResponse<String> r =
                        process
                            .client()
                            .send(
                                HttpRequest.newBuilder(process.uri("/slow/" + (client * 100 + i)))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                      answered.incrementAndGet();
                    } else {
                      failures.merge("status " + r.statusCode(), 1, Integer::sum);
                    }
                  } catch (Exception e) {
                    failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                  }
                }
              });
      t.start();
      clients.add(t);
    }
    GatewayHarness.eventually(Duration.ofSeconds(10), "load under way", () -> answered.get() >= 16);

    long signalled = System.nanoTime();
    process.signal("TERM");
    GatewayHarness.eventually(
        Duration.ofSeconds(2), "readiness says 503", () -> ready(healthPort) == 503);
    long noticedMillis = (System.nanoTime() - signalled) / 1_000_000;
    sending.set(false); // the load balancer took it out
    // one more request, sent 500 ms before the listener closes and answered 1 s later: in flight
    // when it does (the slack is for a slow machine)
    stubs.stub("catalog").behaviour().latency(new LatencyModel.Fixed(1_000));
    long lateAt = signalled + Duration.ofMillis(1_500).toNanos();
    GatewayHarness.eventually(
        Duration.ofSeconds(3), "1.5 s after the signal", () -> System.nanoTime() >= lateAt);
    CompletableFuture<HttpResponse<String>> inFlight =
        process
            .client()
            .sendAsync(
                HttpRequest.newBuilder(process.uri("/slow/4242"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (Thread t : clients) {
      t.join(15_000);
    }
    assertEquals(200, inFlight.get().statusCode(), "a request in flight at the close");
    assertEquals(0, process.exitCode(Duration.ofSeconds(15)), process.output());
    assertEquals(Map.of(), failures, answered.get() + " answered");
    assertTrue(noticedMillis < 1_500, "readiness turned in " + noticedMillis + " ms");
    assertTrue(
        (System.nanoTime() - signalled) / 1_000_000 >= 2_000, "it served through the drain delay");
  }

  @Test
  void aReloadWhileDrainingIsRefusedAndASecondSigtermExitsAtOnce() throws Exception {
    int healthPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      healthPort = probe.getLocalPort();
    }
    String config =
        stubs.resolve(
            PROCESS
                .replace("HEALTH", Integer.toString(healthPort))
                .replace("drainDelay: 2s", "drainDelay: 30s"));
    process = GatewayProcess.start(config, dir);
    GatewayHarness.eventually(
        Duration.ofSeconds(10), "ready on the health listener", () -> ready(healthPort) == 200);

    process.signal("TERM");
    GatewayHarness.eventually(
        Duration.ofSeconds(2), "readiness says 503", () -> ready(healthPort) == 503);

    Path file;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      file =
          files
              .filter(f -> f.getFileName().toString().matches("gateway-.*\\.yaml"))
              .findFirst()
              .orElseThrow();
    }
    String changed = java.nio.file.Files.readString(file).replace("deadline: 5s", "deadline: 4s");
    java.nio.file.Files.writeString(file, changed);
    process.signal("HUP");
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the reload is refused while draining",
        () -> process.output().contains("draining after SIGTERM: the config is not reloaded"));
    assertEquals(503, ready(healthPort), "still draining, not serving a new generation");

    long second = System.nanoTime();
    process.signal("TERM");
    assertEquals(
        143,
        process.exitCode(Duration.ofSeconds(10)),
        "a second SIGTERM exits at once, not after the 30 s drain: " + process.output());
    assertTrue(
        System.nanoTime() - second < Duration.ofSeconds(10).toNanos(), "well before the drain");
    assertTrue(process.output().contains("second SIGTERM while draining"), process.output());
  }
}
