package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes sharing a real Redis Cluster (3 masters, a replica each, started by the
 * test): one's cached answer is the other's hit, one rate-limit budget spans both, a purge on one
 * reaches the other, and a master killed while clients send to both fails no request (the cluster
 * fails over, and the shared tier works again afterwards).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTest {

  /** Stubs only: its own gateway uses no Redis. */
  private static final String STUBS =
      """
      server: { host: 127.0.0.1, port: 0, instances: 1 }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
      endpoints:
        GET /ping/{id}:
          calls: { p: { service: catalog, path: "/products/${path.id}" } }
      """;

  private static final String GATEWAY =
      """
      server:
        host: 127.0.0.1
        port: {port}
        instances: 1
        adminPort: ADMIN
        rateLimits: { redisTimeout: 500ms } # generous: the counts are exact only if Redis answers
      cache: { redis: "CLUSTER", redisTimeout: 200ms }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
        inventory: { urls: ["{inventory}"], timeout: 2s }
      endpoints:
        GET /p/{id}:
          rateLimit: { rate: 100000/s, burst: 100000 }
          calls:
            product:
              service: catalog
              path: "/products/${path.id}"
              cache: { ttl: 60s, tags: ["product:${path.id}"] }
          response: { name: "${product.name}" }
        GET /v/{id}:
          view: { tags: ["product:${path.id}"], maxLag: 30s }
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            stock: { service: inventory, path: "/stock/${path.id}" }
          response: { id: "${product.id}", available: "${stock.available}" }
        PATCH /v/{id}/stock:
          calls:
            write: { service: inventory, method: PATCH, path: "/stock/${path.id}", body: { available: "${body.available}" } }
          announce: ["product:${path.id}"]
          response: { available: "${write.available}" }
        GET /limited:
          rateLimit: { rate: 1/m, burst: 6, by: header:X-Api-Key }
          calls: { product: { service: catalog, path: "/products/1" } }
          response: { name: "${product.name}" }
      """;

  @TempDir static Path dir;
  private static RedisCluster cluster;
  private static GatewayHarness stubs;
  private static GatewayProcess a;
  private static GatewayProcess b;
  private static int adminA;
  private static int adminB;

  /** Products nobody asked for yet (the catalog stub knows ids 1 to 10000). */
  private static final java.util.concurrent.atomic.AtomicLong NEXT_ID =
      new java.util.concurrent.atomic.AtomicLong(100);

  private static volatile String lastLook = "nothing yet";

  @BeforeAll
  static void start() throws Exception {
    cluster = RedisCluster.startOrSkip(dir, 3);
    stubs = GatewayHarness.start(STUBS);
    adminA = freePort();
    adminB = freePort();
    String yaml = stubs.resolve(GATEWAY.replace("CLUSTER", cluster.url()));
    a = GatewayProcess.start(yaml.replace("ADMIN", Integer.toString(adminA)), dir);
    b = GatewayProcess.start(yaml.replace("ADMIN", Integer.toString(adminB)), dir);
    // each gateway's first requests open its loop's cluster connection (a socket per node), which
    // a loaded machine can make slower than the read budget; the requests that matter find it open
    try {
      sharedEventually(a, b);
      sharedEventually(b, a);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + " (last: "
              + lastLook
              + "); A's output: "
              + a.output()
              + "; B's output: "
              + b.output(),
          e);
    }
  }

  /** Until a fresh answer {@code from} caches is a hit on {@code to}: both read the cluster. */
  private static void sharedEventually(GatewayProcess from, GatewayProcess to)
      throws InterruptedException {
    GatewayHarness.eventually(
        Duration.ofSeconds(20),
        "a fresh answer cached by one gateway is the other's hit",
        () ->
            GatewayHarness.holds(
                () -> {
                  String id = Long.toString(NEXT_ID.incrementAndGet());
                  HttpResponse<String> first = get(from, "/p/" + id);
                  awaitInCluster(id); // the write is fire-and-forget: B reads once it landed
                  HttpResponse<String> second = get(to, "/p/" + id);
                  lastLook =
                      first.statusCode()
                          + " "
                          + cache(first)
                          + ", then "
                          + second.statusCode()
                          + " "
                          + cache(second)
                          + " "
                          + second.body()
                          + ", the service asked "
                          + served(id)
                          + " time(s)";
                  return "hit".equals(cache(second)) && served(id) == 1;
                }));
  }

  /** Until product {@code id}'s answer is in the cluster, on the master of its slot. */
  private static void awaitInCluster(String id) throws InterruptedException {
    String key = "mosaic:fragment:catalog GET /products/" + id;
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the answer reached the cluster",
        () ->
            GatewayHarness.holds(
                () -> cluster.cli(cluster.masterOf(key), "EXISTS", key).trim().endsWith("1")));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closing : new AutoCloseable[] {a, b, stubs, cluster}) {
      if (closing != null) {
        closing.close();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static HttpResponse<String> get(GatewayProcess gateway, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return gateway.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("Mosaic-Cache").orElse("none");
  }

  /** How often the catalog stub was asked for this product. */
  private static long served(String id) {
    String line = "GET /products/" + id;
    return stubs.stub("catalog").behaviour().recentLines().stream()
        .filter(l -> l.equals(line))
        .count();
  }

  @Test
  @Order(1)
  void whatOneGatewayCachedTheOtherServes() throws Exception {
    HttpResponse<String> first = get(a, "/p/7");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("miss", cache(first));
    awaitInCluster("7");
    HttpResponse<String> fromB = get(b, "/p/7");
    assertEquals(200, fromB.statusCode());
    assertEquals(first.body(), fromB.body());
    assertEquals("hit", cache(fromB), "served from the shared tier");
    assertEquals(1, served("7"), "the service was asked once, by A");
  }

  @Test
  @Order(2)
  void bothGatewaysSpendOneBudget() throws Exception {
    int allowed = 0;
    int refused = 0;
    for (int i = 0; i < 5; i++) {
      for (GatewayProcess gateway : new GatewayProcess[] {a, b}) {
        int status = get(gateway, "/limited", "X-Api-Key", "team-1").statusCode();
        assertTrue(status == 200 || status == 429, "status " + status);
        allowed += status == 200 ? 1 : 0;
        refused += status == 429 ? 1 : 0;
      }
    }
    assertEquals(6, allowed, "the burst of 6, across both gateways");
    assertEquals(4, refused);
    assertEquals(429, get(a, "/limited", "X-Api-Key", "team-1").statusCode());
    assertEquals(
        200, get(b, "/limited", "X-Api-Key", "team-2").statusCode(), "another key, its own budget");
  }

  @Test
  @Order(3)
  void aPurgeOnOneReachesTheOther() throws Exception {
    get(a, "/p/8");
    awaitInCluster("8");
    assertEquals("hit", cache(get(b, "/p/8")), "B holds product 8 now too");
    long before = served("8");
    assertEquals(1, before);
    HttpResponse<String> purged =
        a.client()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + adminA + "/admin/cache?tag=product:8"))
                    .timeout(Duration.ofSeconds(10))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, purged.statusCode(), purged.body());
    // a request checks; a miss refills both tiers, so B's next look is checked only once
    java.util.concurrent.atomic.AtomicReference<String> after =
        new java.util.concurrent.atomic.AtomicReference<>();
    GatewayHarness.eventually(
        Duration.ofSeconds(3),
        "B stops serving the purged entry",
        () ->
            GatewayHarness.holds(
                () -> {
                  after.set(cache(get(b, "/p/8")));
                  return !"hit".equals(after.get());
                }));
    assertEquals("miss", after.get(), "B dropped it: it heard the purge through the cluster");
    assertEquals(before + 1, served("8"), "and asked the service again");
  }

  @Test
  @Order(4)
  void aWriteAnnouncedThroughOneRefreshesTheOthersView() throws Exception {
    for (GatewayProcess gateway : new GatewayProcess[] {a, b}) {
      GatewayHarness.eventually(
          Duration.ofSeconds(10),
          "a view of product 15",
          () -> GatewayHarness.holds(() -> "view".equals(cache(get(gateway, "/v/15")))));
    }
    int was = new io.vertx.core.json.JsonObject(get(b, "/v/15").body()).getInteger("available");
    HttpResponse<String> written =
        a.client()
            .send(
                HttpRequest.newBuilder(a.uri("/v/15/stock"))
                    .timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofString("{\"available\": " + (was + 9) + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, written.statusCode(), written.body());
    assertTrue(
        written.headers().firstValue("Mosaic-Version").isPresent(),
        "the event went onto the stream in the cluster");
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "B applied the event from the cluster's stream and recomposed its view",
        () ->
            GatewayHarness.holds(
                () ->
                    new io.vertx.core.json.JsonObject(get(b, "/v/15").body())
                            .getInteger("available")
                        == was + 9));
    int master = cluster.masterOf("{mosaic:view}");
    assertTrue(
        cluster.cli(master, "KEYS", "{mosaic:view}mosaic:view:*").contains("mosaic:view:"),
        "views are stored under their hash tag");
  }

  @Test
  @Order(5)
  void aMasterKilledMidRunFailsNoRequest() throws Exception {
    String key = "mosaic:fragment:catalog GET /products/1001";
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger sent = new AtomicInteger();
    ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (GatewayProcess gateway : new GatewayProcess[] {a, b}) {
      long base = gateway == a ? 1_000 : 5_500;
      Thread client =
          new Thread(
              () -> {
                // products not asked for before: requests read and write the cluster, on every
                // master's slots
                for (int i = 0; running.get(); i++) {
                  String path = "/p/" + (base + i % 4_000);
                  try {
                    HttpResponse<String> response = get(gateway, path);
                    if (response.statusCode() != 200) {
                      failed.add(path + " " + response.statusCode() + " " + response.body());
                    }
                  } catch (Exception e) {
                    failed.add(path + " " + e);
                  }
                  sent.incrementAndGet();
                }
              });
      client.start();
      clients.add(client);
    }
    try {
      GatewayHarness.eventually(Duration.ofSeconds(10), "traffic", () -> sent.get() > 100);
      int master = cluster.masterOf(key);
      cluster.kill(master);
      int atKill = sent.get();
      try {
        GatewayHarness.eventually(
            Duration.ofSeconds(20),
            "a replica took the slot over",
            () -> GatewayHarness.holds(() -> cluster.masterOf(key) != master));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + cluster.logTails(15), e);
      }
      cluster.awaitOk(Duration.ofSeconds(20));
      int atFailover = sent.get();
      GatewayHarness.eventually(
          Duration.ofSeconds(10),
          "traffic after the failover",
          () -> sent.get() > atFailover + 100);
      running.set(false);
      for (Thread client : clients) {
        client.join(15_000);
      }
      assertTrue(failed.isEmpty(), failed.size() + " failed requests, e.g. " + failed.peek());
      assertTrue(sent.get() > atKill + 100, "requests went on during the failover");
    } finally {
      running.set(false);
    }

    // the shared tier is used again: what A caches now, B finds in the cluster
    sharedEventually(a, b);
  }
}
