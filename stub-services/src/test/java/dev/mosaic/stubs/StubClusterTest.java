package dev.mosaic.stubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class StubClusterTest {

  private StubCluster cluster;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    web = WebClient.create(vertx);
    StubCluster.start(vertx, StubsConfig.embedded().onFreePorts().withoutLatency())
        .onComplete(
            ctx.succeeding(
                c -> {
                  cluster = c;
                  ctx.completeNow();
                }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    web.close();
    cluster.close().onComplete(ctx.succeedingThenComplete());
  }

  private io.vertx.core.Future<HttpResponse<Buffer>> get(String service, String path) {
    return web.get(cluster.service(service).port(), "127.0.0.1", path).send();
  }

  @Test
  void theSameSeedGivesTheSameData() {
    SeedData a = SeedData.generate(42);
    SeedData b = SeedData.generate(42);
    assertEquals(a.products.get(42L), b.products.get(42L));
    assertEquals(a.orders.get(4321L), b.orders.get(4321L));
    assertEquals(SeedData.PRODUCTS, a.products.size());
    assertEquals(SeedData.USERS, a.users.size());
    assertEquals(SeedData.ORDERS, a.orders.size());
    assertTrue(a.reviewsByProduct.values().stream().allMatch(r -> r.size() <= 20));
    assertTrue(
        a.orders.values().stream()
            .allMatch(
                o -> o.getJsonArray("items").size() >= 1 && o.getJsonArray("items").size() <= 10));
  }

  @Test
  void batchReadAnswersTheIdsThatExistInTheOrderAsked(VertxTestContext ctx) {
    get("catalog", "/products?ids=7,99999,3")
        .onComplete(
            ctx.succeeding(
                r ->
                    ctx.verify(
                        () -> {
                          assertEquals(200, r.statusCode());
                          JsonArray found = r.bodyAsJsonArray();
                          assertEquals(2, found.size());
                          assertEquals(7, found.getJsonObject(0).getInteger("id"));
                          assertEquals(3, found.getJsonObject(1).getInteger("id"));
                          assertEquals(1, cluster.service("catalog").behaviour().requests());
                          ctx.completeNow();
                        })));
  }

  @Test
  void controlApiRefusesAndTheControlPortRestores(VertxTestContext ctx) {
    int control = cluster.controlPort();
    web.request(HttpMethod.POST, control, "127.0.0.1", "/_control/users")
        .sendJsonObject(new JsonObject().put("refuse", true))
        .compose(r -> get("users", "/users/1"))
        .onComplete(
            refused ->
                ctx.verify(
                    () -> {
                      assertTrue(refused.failed(), "connections are refused while refusing");
                      web.request(HttpMethod.DELETE, control, "127.0.0.1", "/_control/users")
                          .send()
                          .compose(r -> get("users", "/users/1"))
                          .onComplete(
                              ctx.succeeding(
                                  r ->
                                      ctx.verify(
                                          () -> {
                                            assertEquals(200, r.statusCode());
                                            assertEquals(
                                                "users",
                                                new JsonObject(
                                                        cluster
                                                            .service("users")
                                                            .describe()
                                                            .encode())
                                                    .getString("service"));
                                            ctx.completeNow();
                                          })));
                    }));
  }

  @Test
  void controlApiInjectsStatusAndCountsRequests(VertxTestContext ctx) {
    web.request(HttpMethod.POST, cluster.service("orders").port(), "127.0.0.1", "/_control")
        .sendJsonObject(new JsonObject().put("status", 503))
        .compose(r -> get("orders", "/orders/1"))
        .compose(
            r -> {
              ctx.verify(() -> assertEquals(503, r.statusCode()));
              return get("orders", "/_control");
            })
        .onComplete(
            ctx.succeeding(
                r ->
                    ctx.verify(
                        () -> {
                          JsonObject state = r.bodyAsJsonObject();
                          assertEquals(1, state.getInteger("requests"));
                          assertEquals(
                              "GET /orders/1",
                              state.getJsonArray("recent").getJsonObject(0).getString("line"));
                          ctx.completeNow();
                        })));
  }

  @Test
  void unknownControlFieldsAreRejected(VertxTestContext ctx) {
    web.request(HttpMethod.POST, cluster.service("orders").port(), "127.0.0.1", "/_control")
        .sendJsonObject(new JsonObject().put("latncy", "5ms"))
        .onComplete(
            ctx.succeeding(
                r ->
                    ctx.verify(
                        () -> {
                          assertEquals(400, r.statusCode());
                          assertTrue(r.bodyAsString().contains("unknown control field 'latncy'"));
                          ctx.completeNow();
                        })));
  }

  @Test
  void lognormalLatencyHasTheConfiguredMedianAndTail() {
    LatencyModel model = LatencyModel.parse(java.util.Map.of("p50", "5ms", "p99", "25ms"));
    SplittableRandom random = new SplittableRandom(1);
    long[] samples = new long[20_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = model.nextMillis(random);
    }
    java.util.Arrays.sort(samples);
    assertEquals(5, samples[samples.length / 2], 1);
    assertEquals(25, samples[(int) (samples.length * 0.99)], 3);
  }
}
