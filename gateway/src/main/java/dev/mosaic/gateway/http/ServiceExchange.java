package dev.mosaic.gateway.http;

import dev.mosaic.rules.plan.ServicePlan;
import io.netty.handler.codec.http.HttpHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Iterator;
import java.util.Map;

/**
 * One request to one service instance, buffered with a size limit (or, for a streamed call,
 * complete at the answer's head with the body paused for the caller), that can be cancelled.
 * Vert.x's request timeout is connect-plus-idle, not a total, and does not free the connection on
 * its own; here cancelling resets the stream, so a hung service costs one connection for at most
 * the call's time. The time limit is the caller's ({@code PlanExecution} keeps one per request on
 * the event loop's timeout wheel): it cancels the exchange, which resets the stream.
 *
 * <p>The body is read with handlers rather than {@code body()}: that also enforces the size limit
 * while reading and avoids a race in Vert.x before 5.0.11, where a response whose end had already
 * arrived when body() was called could leave that future never completed. Everything here runs on
 * the caller's event loop, so the fields need no synchronisation.
 */
public final class ServiceExchange implements Exchange {

  private final ServicePlan service;
  private final ServiceRequest request;
  private final boolean streamed;
  private final int instance;
  private final Promise<ServiceResponse> result = Promise.promise();
  private HttpClientRequest inFlight;
  private boolean done;

  /** The answer's body so far: its first chunk as Vert.x gave it, or a copy once there are more. */
  private Buffer body;

  private boolean bodyOwned;

  private static final CharSequence CONTENT_TYPE = io.vertx.core.http.HttpHeaders.CONTENT_TYPE;
  private static final CharSequence CACHE_CONTROL = io.vertx.core.http.HttpHeaders.CACHE_CONTROL;

  private ServiceExchange(Outbound call, int instance) {
    this.service = call.service();
    this.request = call.request();
    this.streamed = call.streamed();
    this.instance = instance;
  }

  /**
   * @param usage where waiting for a connection is counted, or null when metrics are off
   */
  static ServiceExchange start(
      HttpClient client, ConnectionPools.Usage usage, Outbound call, int instance) {
    ServiceExchange exchange = new ServiceExchange(call, instance);
    exchange.begin(client, usage);
    return exchange;
  }

  @Override
  public int instance() {
    return instance;
  }

  @Override
  public Future<ServiceResponse> result() {
    return result.future();
  }

  /** Stops waiting: the stream is reset and the result fails with {@code why} (no-op when done). */
  @Override
  public void cancel(CallFailure why) {
    fail(why);
  }

  private void begin(HttpClient client, ConnectionPools.Usage usage) {
    if (usage != null) {
      usage.waiting();
    }
    ServiceClients.open(client, service, service.instances().get(instance), request)
        .onComplete(
            acquired -> {
              if (usage != null) {
                usage.acquired();
              }
              if (acquired.failed()) {
                fail(CallFailure.classify(acquired.cause()));
                return;
              }
              HttpClientRequest sending = acquired.result();
              sending.exceptionHandler(
                  ignored -> {}); // failures arrive through the futures; a reset is not news
              if (done) {
                sending.reset(); // cancelled while waiting for a connection (with a handler set,
                // Vert.x logs nothing)
                return;
              }
              inFlight = sending;
              copyHeaders(request.headers(), sending.headers());
              Future<HttpClientResponse> answered =
                  request.body() == null ? sending.send() : sending.send(request.body());
              answered.onComplete(
                  response -> {
                    if (response.failed()) {
                      fail(CallFailure.classify(response.cause()));
                    } else {
                      read(response.result());
                    }
                  });
            });
  }

  /**
   * Vert.x's own addAll turns every name into a String first, losing the hash that the gateway's
   * constant names (accept, traceparent, x-forwarded-for) carry precomputed; Netty's iterator hands
   * them over as they are.
   */
  private static void copyHeaders(MultiMap from, MultiMap to) {
    if (from == null) {
      return;
    }
    if (!(from instanceof HttpHeaders netty)) {
      to.addAll(from);
      return;
    }
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = netty.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> header = it.next();
      to.add(header.getKey(), header.getValue());
    }
  }

  private void read(HttpClientResponse response) {
    if (done) {
      return;
    }
    if (streamed) {
      response.pause(); // the caller reads the body, possibly after other listeners ran
      done = true;
      result.complete(
          new ServiceResponse(
              response.statusCode(),
              response.getHeader(CONTENT_TYPE),
              null,
              response,
              instance,
              null,
              response.getHeader(CACHE_CONTROL)));
      return;
    }
    long limit = service.maxResponseSize();
    response.handler(
        chunk -> {
          if (done) {
            return;
          }
          long length = (body == null ? 0L : body.length()) + chunk.length();
          if (length > limit) {
            fail(
                new CallFailure(
                    CallFailure.Kind.TOO_LARGE, "answer larger than " + limit + " bytes"));
            return;
          }
          // most answers arrive in one chunk, which Vert.x hands over as a buffer of its own: kept
          // as it is; a second chunk makes the one copy that a body in several needs
          if (body == null) {
            body = chunk;
          } else {
            if (!bodyOwned) {
              body =
                  Buffer.buffer((int) Math.min(limit, Math.max(length, 2L * body.length())))
                      .appendBuffer(body);
              bodyOwned = true;
            }
            body.appendBuffer(chunk);
          }
        });
    response.exceptionHandler(t -> fail(CallFailure.classify(t)));
    response.endHandler(
        end -> {
          if (done) {
            return;
          }
          done = true;
          result.complete(
              new ServiceResponse(
                  response.statusCode(),
                  response.getHeader(CONTENT_TYPE),
                  body == null ? Buffer.buffer() : body,
                  null,
                  instance,
                  null,
                  response.getHeader(CACHE_CONTROL)));
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
