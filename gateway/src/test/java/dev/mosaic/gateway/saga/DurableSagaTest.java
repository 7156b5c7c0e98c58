package dev.mosaic.gateway.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.GatewayProcess;
import dev.mosaic.gateway.RedisServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sagas logged in a real redis-server, with gateways as separate processes where a process must die
 * or freeze mid-saga: the order is placed, the payment is held open by the shop, and then the
 * gateway running the saga is killed (SIGKILL) or frozen (SIGSTOP) past its lease. Another gateway
 * sharing the log finishes the saga: the payment (maybe taken) is refunded and the order cancelled,
 * each exactly once, and the shipment that was to follow is never sent.
 */
class DurableSagaTest {

  private static final String SAGA =
      """
      endpoints:
        POST /checkout:
          compensation: { attempts: 4, backoff: 20ms }
          calls:
            order:
              service: shop
              method: POST
              path: /orders
              body: { item: "${body.item}" }
              compensate: { method: DELETE, path: "/orders/${order.id}" }
            payment:
              service: shop
              method: POST
              path: /payments
              body: { order: "${order.id}" }
              timeout: 20s
              compensate: { method: POST, path: /refunds, body: { order: "${order.id}" } }
            shipment:
              service: shop
              method: POST
              path: /shipments
              body: { payment: "${payment.id}" }
              compensate: { method: DELETE, path: "/shipments/${shipment.id}" }
          response: { order: "${order.id}", payment: "${payment.id}", shipment: "${shipment.id}" }
      """;

  @TempDir Path dir;
  private RedisServer redis;
  private ShopService shop;
  private GatewayProcess process;
  private GatewayHarness gw;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.startOrSkip();
    shop = new ShopService();
  }

  @AfterEach
  void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (process != null) {
      process.close();
    }
    shop.close();
    redis.close();
  }

  private String config(String server) {
    return """
        server: %s
        sagas: { redis: "%s", lease: 1s }
        services:
          shop: { urls: ["http://127.0.0.1:%d"], timeout: 2s }
        """
            .formatted(server, redis.url(), shop.port())
        + SAGA;
  }

  private String processConfig() {
    return config("{ host: 127.0.0.1, port: {port}, instances: 1 }");
  }

  private GatewayHarness inProcessGateway() throws Exception {
    return GatewayHarness.start(config("{ host: 127.0.0.1, port: 0, adminPort: 0 }"));
  }

  /**
   * Starts a gateway process and sends it a checkout whose payment the shop holds open: the order
   * is placed, the payment is in flight. Its answer arrives (or never does) later.
   */
  private CompletableFuture<HttpResponse<String>> checkoutHeldAtPaymentOnProcess()
      throws Exception {
    process = GatewayProcess.start(processConfig(), dir);
    shop.paymentsHeld = true;
    CompletableFuture<HttpResponse<String>> answer = checkoutOnProcess();
    GatewayHarness.eventually(
        Duration.ofSeconds(20),
        "the payment is in flight",
        () -> shop.count("POST /payments") == 1);
    return answer;
  }

  /** Sends the checkout to the process; its answer arrives (or never does) later. */
  private CompletableFuture<HttpResponse<String>> checkoutOnProcess() {
    return process
        .client()
        .sendAsync(
            HttpRequest.newBuilder(process.uri("/checkout"))
                .header("content-type", "application/json")
                .header("Idempotency-Key", "cart-9")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\": \"blender\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String sagaIdOfTheOrder() {
    return shop.log().stream()
        .filter(r -> r.line().equals("POST /orders"))
        .findFirst()
        .orElseThrow()
        .idempotencyKey()
        .split(":")[0];
  }

  private JsonObject state(GatewayHarness on, String sagaId) throws Exception {
    HttpResponse<String> response = on.get("/sagas/" + sagaId);
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }

  private void awaitEnded(GatewayHarness on, String sagaId) throws InterruptedException {
    GatewayHarness.eventually(
        Duration.ofSeconds(20),
        "saga " + sagaId + " ends",
        () -> {
          try {
            String state = state(on, sagaId).getString("state");
            return !state.equals("running") && !state.equals("compensating");
          } catch (Exception | AssertionError e) {
            return false;
          }
        });
  }

  @Test
  void aCompletedSagaIsLoggedStepByStepAndReadFromAnyInstance() throws Exception {
    gw = inProcessGateway();
    HttpResponse<String> response = gw.post("/checkout", "{\"item\": \"blender\"}");
    assertEquals(200, response.statusCode(), response.body());
    String sagaId = response.headers().firstValue("mosaic-saga").orElseThrow();

    assertEquals(
        "6",
        redis.command("XLEN", RedisSagaLog.log(sagaId)).substring(1),
        "sent and done, for each of the three steps");
    assertEquals(":0", redis.command("ZCARD", RedisSagaLog.OPEN), "nothing left running");

    try (GatewayHarness other = inProcessGateway()) {
      JsonObject state = state(other, sagaId);
      assertEquals("completed", state.getString("state"), state.encode());
      assertEquals(new JsonObject(response.body()), state.getJsonObject("answer"));
    }
  }

  @Test
  void aGatewayKilledBetweenTwoStepsHasItsSagaCompensatedByAnother() throws Exception {
    CompletableFuture<HttpResponse<String>> answer = checkoutHeldAtPaymentOnProcess();
    String sagaId = sagaIdOfTheOrder();

    process.kill9();
    assertTrue(
        answer.handle((r, e) -> e != null).get(), "the killed gateway's client got no answer");

    gw = inProcessGateway(); // shares the log; takes the saga over once its lease lapses
    awaitEnded(gw, sagaId);

    JsonObject state = state(gw, sagaId);
    assertEquals("compensated", state.getString("state"), state.encode());
    assertNotNull(state.getString("recoveredBy"));
    List<String> lines = shop.lines();
    assertEquals(
        List.of("POST /orders", "POST /payments", "POST /refunds", "DELETE /orders/101"),
        lines,
        "the payment (maybe taken) refunded, then the order cancelled; no shipment");
    assertEquals(sagaId + ":payment:compensate", keyOf("POST /refunds"));
    assertEquals(sagaId + ":order:compensate", keyOf("DELETE /orders/101"));

    JsonObject problem = state.getJsonObject("answer");
    assertEquals("payment", problem.getString("failedStep"), problem.encode());
    assertEquals(":0", redis.command("ZCARD", RedisSagaLog.OPEN));

    HttpResponse<String> retry = checkout(gw, "cart-9", "blender");
    assertEquals(502, retry.statusCode(), "the client's retry gets the outcome: " + retry.body());
    assertEquals("true", retry.headers().firstValue("idempotent-replayed").orElse(""));
    assertEquals(sagaId, retry.headers().firstValue("mosaic-saga").orElseThrow());
    assertEquals(lines, shop.lines(), "and runs nothing");

    dev.mosaic.gateway.Scrape metrics =
        dev.mosaic.gateway.Scrape.parse(gw.admin("GET", "/metrics", null).body());
    assertEquals(
        1,
        metrics.sum(
            "mosaic_saga_recoveries_total", "route", "POST /checkout", "outcome", "compensated"),
        0.0);
  }

  private static HttpResponse<String> checkout(GatewayHarness on, String key, String item)
      throws Exception {
    return on.send(
        HttpRequest.newBuilder(on.uri("/checkout"))
            .header("content-type", "application/json")
            .header("Idempotency-Key", key)
            .POST(HttpRequest.BodyPublishers.ofString("{\"item\": \"" + item + "\"}")));
  }

  @Test
  void aClientsRetryOnAnotherInstanceIsTheSameSaga() throws Exception {
    gw = inProcessGateway();
    try (GatewayHarness other = inProcessGateway()) {
      HttpResponse<String> first = checkout(gw, "cart-1", "blender");
      assertEquals(200, first.statusCode(), first.body());
      HttpResponse<String> again = checkout(other, "cart-1", "blender");
      assertEquals(200, again.statusCode(), again.body());
      assertEquals(first.body(), again.body());
      assertEquals("true", again.headers().firstValue("idempotent-replayed").orElse(""));
      assertEquals(3, shop.log().size(), "one saga: " + shop.lines());
      assertEquals(
          422, checkout(other, "cart-1", "toaster").statusCode(), "the key on another request");

      shop.paymentsHeld = true;
      CompletableFuture<HttpResponse<String>> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return checkout(gw, "cart-2", "kettle");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      GatewayHarness.eventually(
          Duration.ofSeconds(10),
          "the payment is in flight",
          () -> shop.count("POST /payments") == 2);
      HttpResponse<String> meanwhile = checkout(other, "cart-2", "kettle");
      assertEquals(409, meanwhile.statusCode(), meanwhile.body());
      assertEquals(
          "urn:mosaic:problem:idempotency-key-in-flight",
          new JsonObject(meanwhile.body()).getString("type"));
      String sagaId = meanwhile.headers().firstValue("mosaic-saga").orElseThrow();
      assertEquals("/sagas/" + sagaId, meanwhile.headers().firstValue("location").orElseThrow());

      shop.releasePayments();
      HttpResponse<String> done = running.get();
      assertEquals(200, done.statusCode(), done.body());
      HttpResponse<String> after = checkout(other, "cart-2", "kettle");
      assertEquals(200, after.statusCode(), after.body());
      assertEquals(done.body(), after.body());
      assertEquals(6, shop.log().size(), "two sagas in all: " + shop.lines());
    }
  }

  @Test
  void aFrozenGatewayLosesItsSagaToAnotherAndNeverActsOnItAgain() throws Exception {
    CompletableFuture<HttpResponse<String>> answer = checkoutHeldAtPaymentOnProcess();
    String sagaId = sagaIdOfTheOrder();

    process.signal("STOP"); // frozen: its lease lapses, its sockets stay open
    gw = inProcessGateway();
    awaitEnded(gw, sagaId);
    assertEquals("compensated", state(gw, sagaId).getString("state"));

    shop.releasePayments(); // the frozen gateway's payment is answered: done after all
    process.signal("CONT");
    HttpResponse<String> late = answer.get();
    assertEquals(503, late.statusCode(), late.body() + "\n" + process.output());
    assertEquals(
        "urn:mosaic:problem:saga-taken-over",
        new JsonObject(late.body()).getString("type"),
        late.body());

    // give the thawed gateway time to do whatever it would wrongly do
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the thawed gateway answers a new request",
        () -> {
          try {
            return process
                    .client()
                    .send(
                        HttpRequest.newBuilder(process.uri("/nowhere")).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 404;
          } catch (Exception e) {
            return false;
          }
        });
    assertEquals(0, shop.count("POST /shipments"), "the next step never started: " + shop.lines());
    HttpResponse<String> retry = checkout(gw, "cart-9", "blender");
    assertEquals(
        502,
        retry.statusCode(),
        "the client's retry gets the outcome the new owner stored, not the thawed one's 503: "
            + retry.body());
    assertEquals("true", retry.headers().firstValue("idempotent-replayed").orElse(""));
    assertEquals(1, shop.count("POST /refunds"), "refunded once: " + shop.lines());
    assertEquals(1, shop.count("DELETE /orders/101"), "cancelled once: " + shop.lines());
  }

  private String keyOf(String line) {
    return shop.log().stream()
        .filter(r -> r.line().equals(line))
        .findFirst()
        .orElseThrow()
        .idempotencyKey();
  }
}
