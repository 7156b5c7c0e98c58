package dev.mosaic.gateway;

import dev.mosaic.gateway.server.Gateway;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.LatencyModel;
import dev.mosaic.stubs.SeedData;
import dev.mosaic.stubs.StubCluster;
import dev.mosaic.stubs.StubService;
import dev.mosaic.stubs.StubsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The demo services on free ports, and a gateway (two server instances, so requests really spread
 * over event loops) on a free port with a config whose {@code {catalog}}-style placeholders are
 * replaced by the stubs' URLs. Tests talk to it over sockets with the JDK's HTTP client, from the
 * test thread, which is never an event loop.
 */
public final class GatewayHarness
    implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final String config;
  private Vertx vertx;
  private StubCluster stubs;
  private Gateway gateway;
  private GatewayPlan plan;

  /** Extra instances of a service, for load balancing: {@code {catalog#2}} in a config. */
  private final Map<String, StubService> extras = new java.util.LinkedHashMap<>();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String redisUrl;

  /** Where the config is written for the gateway to read and watch, or null. */
  private final Path configFile;

  private GatewayHarness(String config) {
    this(config, null, null);
  }

  private GatewayHarness(String config, String redisUrl, Path configFile) {
    this.config = config;
    this.redisUrl = redisUrl;
    this.configFile = configFile;
  }

  /**
   * Starts with the config written to {@code file}, which the gateway watches and reloads from;
   * write new versions with {@link #resolve} to put the stubs' URLs in.
   */
  public static GatewayHarness startFromFile(String yaml, Path file) throws Exception {
    GatewayHarness harness = new GatewayHarness(yaml, null, file);
    harness.boot();
    return harness;
  }

  /**
   * As a JUnit extension: {@code @RegisterExtension static final GatewayHarness gw =
   * GatewayHarness.forConfig(CONFIG);} starts everything before the class's tests, restores every
   * stub before each test, and closes everything after the class.
   */
  public static GatewayHarness forConfig(String yaml) {
    return new GatewayHarness(yaml);
  }

  /** The extension for config/gateway.yaml, its service URLs pointed at the stubs. */
  public static GatewayHarness forDemo() {
    String yaml;
    try {
      yaml = Files.readString(Path.of("..", "config", "gateway.yaml"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    yaml =
        yaml.replace("port: 8080", "port: 0\n  host: 127.0.0.1\n  instances: 2")
            .replace("adminPort: 9090", "adminPort: 0");
    for (Map.Entry<String, StubsConfig.ServiceSettings> e :
        StubsConfig.embedded().services().entrySet()) {
      yaml = yaml.replace("http://127.0.0.1:" + e.getValue().port(), "{" + e.getKey() + "}");
    }
    return new GatewayHarness(yaml);
  }

  /**
   * Starts at once, for a test that must build its config first.
   *
   * @param yaml a config where {catalog}, {inventory}, {reviews}, {users}, {orders} stand for the
   *     stubs' URLs; a {@code server:} section is added when missing
   */
  public static GatewayHarness start(String yaml) throws Exception {
    return start(yaml, null);
  }

  /**
   * @param redisUrl where the stubs announce their writes (cache invalidation), or null
   */
  public static GatewayHarness start(String yaml, String redisUrl) throws Exception {
    GatewayHarness harness = new GatewayHarness(yaml, redisUrl, null);
    harness.boot();
    return harness;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    boot();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    restoreStubs();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  private void boot() throws Exception {
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
        dev.mosaic.gateway.metrics.PrometheusSetup.registry();
    vertx = io.vertx.core.Vertx.vertx();
    try {
      StubCluster stubs =
          await(
              StubCluster.start(
                  vertx,
                  StubsConfig.embedded().onFreePorts().withoutLatency(),
                  dev.mosaic.stubs.WriteEvents.to(vertx, redisUrl)));
      this.stubs = stubs;
      java.util.regex.Matcher extra =
          java.util.regex.Pattern.compile("\\{([a-z]+)#([0-9]+)}").matcher(config);
      while (extra.find()) {
        String key = extra.group(1) + "#" + extra.group(2);
        if (!extras.containsKey(key)) {
          Behaviour behaviour = new Behaviour(new LatencyModel.Fixed(0), 0, 7 + extras.size());
          extras.put(
              key, await(StubService.start(vertx, extra.group(1), 0, behaviour, stubs.data())));
        }
      }
      String resolved = resolve(config);
      String name = "test.yaml";
      if (configFile != null) {
        Files.writeString(configFile, resolved, StandardCharsets.UTF_8);
        name = configFile.toString();
      }
      GatewayPlan plan = PlanCompiler.compile(name, resolved);
      this.plan = plan;
      this.gateway =
          await(Gateway.start(vertx, plan, new Gateway.Setup(configFile, resolved, registry)));
      awaitStartUpPings(plan);
    } catch (Exception e) {
      extras.values().forEach(StubService::close);
      if (stubs != null) {
        stubs.close();
      }
      vertx.close();
      throw e;
    }
  }

  /**
   * Start-up warm-up pings are sent without waiting for them; tests that assert exact request logs
   * must not see one land after the stubs were restored, so boot waits for all of them.
   */
  private void awaitStartUpPings(GatewayPlan plan) throws InterruptedException {
    Map<Integer, StubService> byPort = new java.util.HashMap<>();
    stubs.services().values().forEach(stub -> byPort.put(stub.port(), stub));
    extras.values().forEach(stub -> byPort.put(stub.port(), stub));
    for (dev.mosaic.rules.plan.ServicePlan service : plan.services().values()) {
      dev.mosaic.rules.plan.WarmupSettings warmup = service.resilience().warmup();
      if (warmup == null) {
        continue;
      }
      long expected = (long) plan.server().instances() * warmup.connections();
      for (dev.mosaic.rules.plan.ServiceAddress address : service.instances()) {
        StubService stub = byPort.get(address.port());
        if (stub != null) {
          eventually(
              WAIT,
              "start-up pings to " + service.name(),
              () -> stub.behaviour().requests() >= expected);
        }
      }
    }
  }

  /**
   * {@code yaml} with {catalog}, {inventory}, {reviews}, {users}, {orders} (and {catalog#2}-style
   * extra instances) replaced by the stubs' URLs, and a server section added when missing.
   */
  public String resolve(String yaml) {
    String resolved = yaml;
    for (Map.Entry<String, StubService> e : extras.entrySet()) {
      resolved = resolved.replace("{" + e.getKey() + "}", e.getValue().url());
    }
    for (Map.Entry<String, StubService> e : stubs.services().entrySet()) {
      resolved = resolved.replace("{" + e.getKey() + "}", e.getValue().url());
    }
    if (!resolved.contains("server:")) {
      resolved = "server: { host: 127.0.0.1, port: 0, instances: 2 }\n" + resolved;
    }
    return resolved;
  }

  /** A request to the admin API (the config must set server.adminPort). */
  public HttpResponse<String> admin(String method, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
            .timeout(WAIT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public HttpResponse<String> get(String path, String header, String value)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header(header, value).GET());
  }

  public HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A request that does not wait for its answer, for tests that need several in flight at once. */
  public java.util.concurrent.CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return http.sendAsync(
        HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Polls {@code condition} every few milliseconds until it holds, failing after {@code within}:
   * for waiting on something the test cannot be told about (a breaker's timer, a stub's counter).
   */
  public static void eventually(
      Duration within, String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + within.toMillis() + "ms: " + what);
      }
      Thread.sleep(5);
    }
  }

  /**
   * A condition that may throw while it does not hold yet (a scrape, a request), for {@link
   * #eventually}.
   */
  public interface Check {
    boolean get() throws Exception;
  }

  /** {@code check}'s answer, false when it throws or an assertion in it fails. */
  public static boolean holds(Check check) {
    try {
      return check.get();
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  public HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request straight to a stub, bypassing the gateway: the baseline to compare against. */
  public HttpResponse<String> direct(String service, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(stub(service).url() + path)).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }

  public int port() {
    return gateway.port();
  }

  /** A stub by service name, or an extra instance as written in the config, e.g. "catalog#2". */
  public StubService stub(String name) {
    return extras.containsKey(name) ? extras.get(name) : stubs.service(name);
  }

  /** The compiled config, stub URLs filled in: to start a second gateway on the same stubs. */
  public GatewayPlan plan() {
    return plan;
  }

  /** The running gateway, for its process-wide resilience state. */
  public Gateway gateway() {
    return gateway;
  }

  public SeedData data() {
    return stubs.data();
  }

  /**
   * Every stub back to normal with zeroed counters and the gateway's cache empty; before each test.
   */
  public void restoreStubs() throws Exception {
    if (gateway != null && gateway.cache() != null) {
      gateway
          .cache()
          .clearLocal(); // an answer cached by an earlier test must not hide this one's stubs
    }
    await(stubs.restoreAll());
    for (StubService extra : extras.values()) {
      await(extra.restore());
    }
  }

  /** Requests every stub received since the last restore. */
  public long requestsToAllServices() {
    return stubs.services().values().stream().mapToLong(s -> s.behaviour().requests()).sum();
  }

  public static JsonObject json(HttpResponse<String> response) {
    return new JsonObject(response.body());
  }

  public static JsonArray jsonArray(HttpResponse<String> response) {
    return new JsonArray(response.body());
  }

  public Vertx vertx() {
    return vertx;
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      await(gateway.close().compose(v -> stubs.close()));
      for (StubService extra : extras.values()) {
        await(extra.close());
      }
    } finally {
      await(vertx.close());
    }
  }
}
