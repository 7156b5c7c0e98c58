package dev.mosaic.gateway.http;

import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;

/**
 * One request to a service, buffered, with a size limit, that can be cancelled. Vert.x's request
 * timeout is connect-plus-idle, not a total, and does not free the connection on its own; here
 * cancelling resets the stream, so a hung service costs one connection for at most the call's time. The time limit is
 * the caller's ({@code PlanExecution} keeps one per request on the event loop's timeout wheel):
 * it cancels the exchange, which resets the stream.
 *
 * <p>The body is read with handlers rather than {@code body()}: that also enforces the size limit
 * while reading and avoids the body()/end() race of Vert.x before 5.0.11 (shared/VERTX5.md §9.2).
 * Everything here runs on the caller's event loop, so the fields need no synchronisation.
 */
public final class ServiceExchange implements Exchange {

  private final ServicePlan service;
  private final ServiceRequest request;
  private final Promise<ServiceResponse> result = Promise.promise();
  private HttpClientRequest inFlight;
  private boolean done;

  private ServiceExchange(ServicePlan service, ServiceRequest request) {
    this.service = service;
    this.request = request;
  }

  static ServiceExchange start(HttpClient client, ServicePlan service, ServiceRequest request) {
    ServiceExchange exchange = new ServiceExchange(service, request);
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
      result.complete(new ServiceResponse(response.statusCode(), response.getHeader("content-type"), body));
    });
  }

  private void fail(CallFailure failure) {
    if (done) {
      return;
    }
    done = true;
    if (inFlight != null) {
      inFlight.reset(); // frees the pool slot instead of waiting for a hung answer
    }
    result.fail(failure);
  }

}
