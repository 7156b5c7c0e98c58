package dev.mosaic.gateway.saga;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP service for saga tests, on port 0: orders, payments and stock reservations, each
 * write answered with a new id, each undo with 200. Every request is logged with its {@code
 * Idempotency-Key}; a test makes payments refuse, reservations hang, or the order's undo fail a
 * number of times first.
 */
final class ShopService implements AutoCloseable {

  /** One request as received: "POST /orders" and its Idempotency-Key. */
  record Received(String line, String idempotencyKey) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Received> log = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(100);
  volatile int paymentStatus = 201;
  volatile int orderStatus = 201;
  volatile int reservationStatus = 201;
  volatile boolean reservationsHang;

  /** Payments are taken but not answered until {@link #releasePayments()}. */
  volatile boolean paymentsHeld;

  private final List<HttpServerRequest> heldPayments = new ArrayList<>();
  final AtomicInteger orderUndoFailures = new AtomicInteger();

  ShopService() throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(request -> request.body().onSuccess(body -> handle(request)))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  synchronized List<Received> log() {
    return List.copyOf(log);
  }

  synchronized List<String> lines() {
    return log.stream().map(Received::line).toList();
  }

  private void handle(HttpServerRequest request) {
    String line = request.method() + " " + request.path();
    synchronized (this) {
      log.add(new Received(line, request.getHeader("Idempotency-Key")));
    }
    if (line.equals("POST /payments") && paymentStatus >= 300) {
      reply(request, paymentStatus, new JsonObject().put("error", "declined"));
    } else if (line.equals("POST /orders") && orderStatus >= 300) {
      reply(request, orderStatus, new JsonObject().put("error", "refused"));
    } else if (line.equals("POST /reservations") && reservationStatus >= 300) {
      reply(request, reservationStatus, new JsonObject().put("error", "out of stock"));
    } else if (line.equals("POST /payments") && paymentsHeld) {
      synchronized (this) {
        heldPayments.add(request);
      }
    } else if (line.equals("POST /reservations") && reservationsHang) {
      return; // accepted, never answered: the step times out, maybe done
    } else if (line.startsWith("DELETE /orders/") && orderUndoFailures.getAndDecrement() > 0) {
      reply(request, 503, new JsonObject());
    } else if (request.method().name().equals("POST")) {
      reply(request, 201, new JsonObject().put("id", ids.incrementAndGet()));
    } else {
      reply(request, 200, new JsonObject());
    }
  }

  /** Answers the held payments (201, a new id) and stops holding them. */
  void releasePayments() {
    paymentsHeld = false;
    List<HttpServerRequest> held;
    synchronized (this) {
      held = List.copyOf(heldPayments);
      heldPayments.clear();
    }
    for (HttpServerRequest request : held) {
      if (!request.response().closed()) { // its client may be gone (killed)
        reply(request, 201, new JsonObject().put("id", ids.incrementAndGet()));
      }
    }
  }

  /** How many times {@code line} (e.g. "POST /refunds") was received. */
  synchronized long count(String line) {
    return log.stream().filter(r -> r.line().equals(line)).count();
  }

  private static void reply(HttpServerRequest request, int status, JsonObject body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
