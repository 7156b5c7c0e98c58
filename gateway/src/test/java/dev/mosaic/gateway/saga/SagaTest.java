package dev.mosaic.gateway.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.Scrape;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A checkout as a saga over real sockets: the order first, then payment and a stock reservation at
 * once. The service's request log shows exactly which writes and undos were sent, in what order,
 * and with which Idempotency-Key.
 */
class SagaTest {

  private ShopService shop;
  private GatewayHarness gw;

  @BeforeEach
  void start() throws Exception {
    shop = new ShopService();
    gw =
        GatewayHarness.start(
            """
            server: { host: 127.0.0.1, port: 0, adminPort: 0 }
            sagas: { redis: false }
            services:
              shop: { urls: ["http://127.0.0.1:%d"], timeout: 400ms }
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
                    compensate: { method: POST, path: /refunds, body: { payment: "${payment.id}" } }
                  stock:
                    service: shop
                    method: POST
                    path: /reservations
                    body: { order: "${order.id}" }
                    compensate: { method: DELETE, path: "/reservations?order=${order.id}" }
                response: { order: "${order.id}", payment: "${payment.id}", reservation: "${stock.id}" }
              POST /checkout-later:
                async: true
                calls:
                  order:
                    service: shop
                    method: POST
                    path: /orders
                    compensate: { method: DELETE, path: "/orders/${order.id}" }
                  payment:
                    service: shop
                    method: POST
                    path: /payments
                    body: { order: "${order.id}" }
                response: { order: "${order.id}", payment: "${payment.id}" }
            """
                .formatted(shop.port()));
  }

  @AfterEach
  void stop() throws Exception {
    gw.close();
    shop.close();
  }

  private HttpResponse<String> checkout() throws Exception {
    return gw.post("/checkout", "{\"item\": \"blender\"}");
  }

  private HttpResponse<String> checkout(String key, String item) throws Exception {
    return gw.send(
        java.net.http.HttpRequest.newBuilder(gw.uri("/checkout"))
            .header("content-type", "application/json")
            .header("Idempotency-Key", key)
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"item\": \"" + item + "\"}")));
  }

  private JsonObject state(String location) throws Exception {
    HttpResponse<String> response = gw.get(location);
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }

  @Test
  void aSagasStateIsReadWhereItsIdSays() throws Exception {
    HttpResponse<String> response = checkout();
    String saga = response.headers().firstValue("mosaic-saga").orElseThrow();
    JsonObject state = state("/sagas/" + saga);
    assertEquals("completed", state.getString("state"));
    assertEquals(200, state.getInteger("status"));
    assertEquals(new JsonObject(response.body()), state.getJsonObject("answer"));
    assertEquals(404, gw.get("/sagas/0123456789abcdef0123456789abcdef").statusCode());
  }

  @Test
  void anAsyncSagaIsAcceptedAtOnceAndEndsBehindIt() throws Exception {
    shop.paymentStatus = 402;
    HttpResponse<String> accepted = gw.post("/checkout-later", "{}");
    assertEquals(202, accepted.statusCode(), accepted.body());
    String location = accepted.headers().firstValue("location").orElseThrow();
    assertEquals("/sagas/" + accepted.headers().firstValue("mosaic-saga").orElseThrow(), location);
    GatewayHarness.eventually(
        java.time.Duration.ofSeconds(5),
        "the saga ends",
        () -> {
          try {
            String state = state(location).getString("state");
            return !state.equals("running") && !state.equals("compensating");
          } catch (Exception e) {
            return false;
          }
        });
    JsonObject ended = state(location);
    assertEquals("compensated", ended.getString("state"), ended.encode());
    assertEquals(409, ended.getInteger("status"));
    assertEquals("payment", ended.getJsonObject("answer").getString("failedStep"));
    assertTrue(shop.lines().contains("DELETE /orders/101"), shop.lines().toString());
  }

  @Test
  void aRepeatedRequestWithTheClientsKeyGetsTheFirstAnswerAndRunsNothing() throws Exception {
    HttpResponse<String> first = checkout("k-1", "blender");
    assertEquals(200, first.statusCode(), first.body());
    HttpResponse<String> again = checkout("k-1", "blender");
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(first.body(), again.body());
    assertEquals("true", again.headers().firstValue("idempotent-replayed").orElse(""));
    assertEquals(
        first.headers().firstValue("mosaic-saga").orElseThrow(),
        again.headers().firstValue("mosaic-saga").orElseThrow(),
        "the same saga");
    assertEquals(3, shop.log().size(), "one run of the three steps");
  }

  @Test
  void aFailedSagaIsReplayedTooNeverRunTwice() throws Exception {
    shop.paymentStatus = 402;
    HttpResponse<String> first = checkout("k-2", "blender");
    assertEquals(409, first.statusCode(), first.body());
    int sent = shop.log().size();
    shop.paymentStatus = 201;
    HttpResponse<String> again = checkout("k-2", "blender");
    assertEquals(409, again.statusCode(), "the first outcome, not a new attempt");
    assertEquals(sent, shop.log().size());
  }

  @Test
  void theSameKeyOnAnotherRequestIsRefused() throws Exception {
    assertEquals(200, checkout("k-3", "blender").statusCode());
    HttpResponse<String> other = checkout("k-3", "toaster");
    assertEquals(422, other.statusCode(), other.body());
    assertEquals(3, shop.log().size(), "nothing sent for it");
  }

  @Test
  void concurrentRequestsWithOneKeyMakeOneSaga() throws Exception {
    java.util.concurrent.ExecutorService clients =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(clients.submit(() -> checkout("k-4", "blender")));
      }
      String body = null;
      for (java.util.concurrent.Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertEquals(200, response.statusCode(), response.body());
        if (body != null) {
          assertEquals(body, response.body());
        }
        body = response.body();
      }
      assertEquals(3, shop.log().size(), "four requests, one saga: " + shop.lines());
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void everyStepDoneAnswersTheComposedWriteWithItsKeys() throws Exception {
    HttpResponse<String> response = checkout();
    assertEquals(200, response.statusCode(), response.body());
    String saga = response.headers().firstValue("mosaic-saga").orElseThrow();
    JsonObject body = new JsonObject(response.body());
    assertEquals(101, body.getInteger("order"));
    assertEquals(3, shop.log().size());
    assertEquals("POST /orders", shop.lines().get(0), "the order first: the others read it");
    for (ShopService.Received received : shop.log()) {
      String step =
          switch (received.line()) {
            case "POST /orders" -> "order";
            case "POST /payments" -> "payment";
            default -> "stock";
          };
      assertEquals(saga + ":" + step, received.idempotencyKey(), received.line());
    }
  }

  @Test
  void aRefusedOrderStartsNothingElseAndHasNothingToUndo() throws Exception {
    shop.orderStatus = 409;
    HttpResponse<String> response = checkout();
    assertEquals(409, response.statusCode(), response.body());
    assertEquals("order", new JsonObject(response.body()).getString("failedStep"));
    assertEquals(List.of("POST /orders"), shop.lines());
  }

  @Test
  void aRefusedReservationUndoesThePaymentThenTheOrderEachOnce() throws Exception {
    shop.reservationStatus = 409;
    HttpResponse<String> response = checkout();
    assertEquals(409, response.statusCode(), response.body());
    JsonObject problem = new JsonObject(response.body());
    assertEquals("stock", problem.getString("failedStep"));
    List<String> lines = shop.lines();
    assertEquals(
        List.of("POST /refunds", "DELETE /orders/101"),
        lines.subList(3, lines.size()),
        "the payment refunded, the order cancelled, the refused reservation left alone: " + lines);
    assertEquals(1, shop.count("POST /refunds"));
  }

  @Test
  void aRefusedPaymentUndoesTheReservationThenTheOrderEachOnce() throws Exception {
    shop.paymentStatus = 402;
    HttpResponse<String> response = checkout();
    assertEquals(409, response.statusCode(), response.body());
    JsonObject problem = new JsonObject(response.body());
    assertEquals("urn:mosaic:problem:saga-compensated", problem.getString("type"));
    assertEquals("payment", problem.getString("failedStep"));
    List<String> lines = shop.lines();
    assertEquals(
        List.of("DELETE /reservations", "DELETE /orders/101"),
        lines.subList(3, lines.size()),
        "the reservation (done after the order) first; the failed payment is not refunded: "
            + lines);
    String saga = problem.getString("sagaId");
    assertEquals(saga + ":order:compensate", shop.log().get(4).idempotencyKey());
    JsonArray compensations = problem.getJsonArray("compensations");
    assertEquals(2, compensations.size());
    assertEquals("stock", compensations.getJsonObject(0).getString("step"));
    assertEquals("done", compensations.getJsonObject(1).getString("outcome"));
  }

  @Test
  void sagasAndTheirCompensationsAreCountedByOutcome() throws Exception {
    assertEquals(200, checkout().statusCode());
    shop.paymentStatus = 402;
    assertEquals(409, checkout().statusCode());
    Scrape metrics = Scrape.parse(gw.admin("GET", "/metrics", null).body());
    assertEquals(
        1,
        metrics.sum(
            "mosaic_saga_duration_seconds_count", "route", "/checkout", "outcome", "completed"),
        0.0);
    assertEquals(
        1,
        metrics.sum(
            "mosaic_saga_duration_seconds_count", "route", "/checkout", "outcome", "compensated"),
        0.0);
    assertEquals(
        1, metrics.sum("mosaic_saga_compensations_total", "step", "order", "outcome", "done"), 0.0);
    assertEquals(
        0, metrics.sum("mosaic_saga_compensations_total", "step", "payment"), 0.0, "not done");
    assertEquals(
        1,
        metrics.sum(
            "mosaic_saga_compensation_duration_seconds_count", "step", "order", "outcome", "done"),
        0.0,
        "each compensation timed");
  }

  @Test
  void aCompensationThatFailsTwiceIsRetriedUntilItIsDone() throws Exception {
    shop.paymentStatus = 402;
    shop.orderUndoFailures.set(2);
    HttpResponse<String> response = checkout();
    assertEquals(409, response.statusCode(), response.body());
    JsonObject order =
        new JsonObject(response.body()).getJsonArray("compensations").getJsonObject(1);
    assertEquals("order", order.getString("step"));
    assertEquals("done", order.getString("outcome"));
    assertEquals(3, order.getInteger("attempts"));
    assertEquals(
        3, shop.lines().stream().filter(l -> l.equals("DELETE /orders/101")).count(), "2 + 1");
  }

  @Test
  void aCompensationThatNeverSucceedsIsReportedAsFailedToCompensate() throws Exception {
    shop.paymentStatus = 402;
    shop.orderUndoFailures.set(100);
    HttpResponse<String> response = checkout();
    assertEquals(409, response.statusCode(), response.body());
    JsonObject problem = new JsonObject(response.body());
    assertEquals("urn:mosaic:problem:saga-failed-to-compensate", problem.getString("type"));
    JsonObject order = problem.getJsonArray("compensations").getJsonObject(1);
    assertEquals("failed", order.getString("outcome"));
    assertEquals(4, order.getInteger("attempts"), "the configured attempts, no more");
  }

  @Test
  void anOperatorListsAStuckSagaAndRetriesItOnceItsServiceIsBack() throws Exception {
    shop.paymentStatus = 402;
    shop.orderUndoFailures.set(100);
    HttpResponse<String> response = checkout();
    String saga = response.headers().firstValue("mosaic-saga").orElseThrow();
    assertEquals(
        "failed-to-compensate", state("/sagas/" + saga).getString("state"), response.body());

    HttpResponse<String> stuck = gw.admin("GET", "/admin/sagas?state=failed-to-compensate", null);
    assertEquals(200, stuck.statusCode(), stuck.body());
    JsonArray listed = new JsonObject(stuck.body()).getJsonArray("sagas");
    assertEquals(1, listed.size(), stuck.body());
    assertEquals(saga, listed.getJsonObject(0).getString("id"));
    assertEquals(400, gw.admin("GET", "/admin/sagas?state=lost", null).statusCode(), "not a state");

    shop.orderUndoFailures.set(0); // the orders service is back
    long undosBefore = shop.count("DELETE /orders/101");
    long refundsBefore = shop.count("POST /refunds");
    HttpResponse<String> retried = gw.admin("POST", "/admin/sagas/" + saga + "/retry", null);
    assertEquals(200, retried.statusCode(), retried.body());
    assertEquals("compensated", new JsonObject(retried.body()).getString("state"));
    assertEquals(undosBefore + 1, shop.count("DELETE /orders/101"), "the failed undo, again");
    assertEquals(refundsBefore, shop.count("POST /refunds"), "the done undo, not again");
    assertEquals(
        saga + ":order:compensate",
        shop.log().get(shop.log().size() - 1).idempotencyKey(),
        "the same key as every earlier attempt");
    assertEquals("compensated", state("/sagas/" + saga).getString("state"));
    assertEquals(
        0,
        new JsonObject(gw.admin("GET", "/admin/sagas?state=failed-to-compensate", null).body())
            .getJsonArray("sagas")
            .size());
    assertEquals(
        409,
        gw.admin("POST", "/admin/sagas/" + saga + "/retry", null).statusCode(),
        "no longer stuck");
  }

  @Test
  void aStepThatTimedOutMayHaveBeenDoneSoItIsCompensatedToo() throws Exception {
    shop.reservationsHang = true;
    HttpResponse<String> response = checkout();
    assertEquals(504, response.statusCode(), response.body());
    JsonObject problem = new JsonObject(response.body());
    assertEquals("stock", problem.getString("failedStep"));
    List<String> lines = shop.lines();
    List<String> undos = lines.subList(3, lines.size());
    assertEquals(
        List.of("DELETE /reservations", "POST /refunds", "DELETE /orders/101"),
        undos,
        "the timed-out reservation, then the payment, then the order: " + lines);
    assertTrue(
        problem.getJsonArray("compensations").stream()
            .allMatch(c -> ((JsonObject) c).getString("outcome").equals("done")),
        problem.encodePrettily());
  }
}
