package dev.mosaic.gateway.http;

import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * One request to a service, buffered, with a hard time limit and a size limit, that can be
 * cancelled. Vert.x's request timeout is connect-plus-idle, not a total, and does not free the
 * connection on its own; here a timer covers the whole exchange and resets the stream when it
 * fires, so a hung service costs one connection for at most the call's time. A request with
 * timeout 0 has no timer of its own: its caller ({@code PlanExecution}) keeps one timer per
 * request for all its calls and cancels the exchange when its time is up.
 *
 * <p>The body is read with handlers rather than {@code body()}: that also enforces the size limit
 * while reading and avoids the body()/end() race of Vert.x before 5.0.11 (shared/VERTX5.md §9.2).
 * Everything here runs on the caller's event loop, so the fields need no synchronisation.
 */
public final class ServiceExchange implements Exchange {

  private final Vertx vertx;
  private final ServicePlan service;
  private final ServiceRequest request;
  private final Promise<ServiceResponse> result = Promise.promise();
  private HttpClientRequest inFlight;
  private long timer = -1;
  private boolean done;

  private ServiceExchange(Vertx vertx, ServicePlan service, ServiceRequest request) {
    this.vertx = vertx;
    this.service = service;
    this.request = request;
  }

  static ServiceExchange start(Vertx vertx, HttpClient client, ServicePlan service, ServiceRequest request) {
    ServiceExchange exchange = new ServiceExchange(vertx, service, request);
    exchange.begin(client);
    return exchange;
  }

  @Override
  public Future<ServiceResponse> result() {
    return result.future();
  }

  /** Stops waiting: the stream is reset and the result fails as CANCELLED (no-op when done). */
  @Override
  public void cancel(String why) {
    fail(new CallFailure(CallFailure.Kind.CANCELLED, why));
  }

  private void begin(HttpClient client) {
    long timeout = request.timeoutMillis();
    if (timeout > 0) { // 0: the caller enforces the time limit (one timer per request, not per call)
      timer = vertx.setTimer(timeout, id -> {
        timer = -1;
        fail(new CallFailure(CallFailure.Kind.TIMEOUT, "no complete answer within " + timeout + "ms"));
      });
    }
    client.request(ServiceClients.options(service, request)).onComplete(acquired -> {
      if (acquired.failed()) {
        fail(CallFailure.classify(acquired.cause()));
        return;
      }
      HttpClientRequest sending = acquired.result();
      if (done) {
        sending.reset();
        return;
      }
      inFlight = sending;
      sending.exceptionHandler(ignored -> { }); // failures arrive through the futures; a reset is not news
      Future<HttpClientResponse> answered = request.body() == null ? sending.send() : sending.send(request.body());
      answered.onComplete(response -> {
        if (response.failed()) {
          fail(CallFailure.classify(response.cause()));
        } else {
          read(response.result());
        }
      });
    });
  }

  private void read(HttpClientResponse response) {
    if (done) {
      return;
    }
    long limit = service.maxResponseSize();
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (done) {
        return;
      }
      if ((long) body.length() + chunk.length() > limit) {
        fail(new CallFailure(CallFailure.Kind.TOO_LARGE, "answer larger than " + limit + " bytes"));
        return;
      }
      body.appendBuffer(chunk);
    });
    response.exceptionHandler(t -> fail(CallFailure.classify(t)));
    response.endHandler(end -> {
      if (done) {
        return;
      }
      done = true;
      cancelTimer();
      result.complete(new ServiceResponse(response.statusCode(), response.getHeader("content-type"), body));
    });
  }

  private void fail(CallFailure failure) {
    if (done) {
      return;
    }
    done = true;
    cancelTimer();
    if (inFlight != null) {
      inFlight.reset(); // frees the pool slot instead of waiting for a hung answer
    }
    result.fail(failure);
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
