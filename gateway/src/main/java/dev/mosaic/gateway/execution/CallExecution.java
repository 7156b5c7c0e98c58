package dev.mosaic.gateway.execution;

import dev.mosaic.gateway.http.CacheUse;
import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.rules.expression.JsonText;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.FanOut;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends the prepared requests of one call, at most {@code concurrency} at a time, and combines the
 * answers into the call's result: the body, a list aligned with the items (forEach), or a list
 * aligned with the keys (batch). The first failed request fails the call and cancels the rest. Runs
 * on one event loop; no locking.
 */
final class CallExecution {

  private final CallPlan call;
  private final CallRequests.Prepared prepared;
  private final ServiceCaller clients;
  private final long endsAtNanos;
  private final List<String> tags;
  private final String origin;
  private final Promise<CallOutcome> outcome = Promise.promise();
  private final Object[] values;
  private final List<Exchange> running = new ArrayList<>();
  private int next;
  private int finished;
  private int lastStatus = 200;
  private CacheUse cacheUse;
  private boolean done;

  private CallExecution(
      CallPlan call,
      CallRequests.Prepared prepared,
      ServiceCaller clients,
      long endsAtNanos,
      List<String> tags,
      String origin) {
    this.call = call;
    this.prepared = prepared;
    this.clients = clients;
    this.endsAtNanos = endsAtNanos;
    this.tags = tags;
    this.origin = origin;
    this.values = new Object[prepared.requests().size()];
  }

  /**
   * @param endsAtNanos when the caller will expire the call: no retry or hedge starts past it
   * @param tags the cache tags its answers carry (empty when it is not cached or has none)
   * @param origin the endpoint making the call, for call budgets
   */
  static CallExecution start(
      CallPlan call,
      CallRequests.Prepared prepared,
      ServiceCaller clients,
      long endsAtNanos,
      List<String> tags,
      String origin) {
    CallExecution execution = new CallExecution(call, prepared, clients, endsAtNanos, tags, origin);
    execution.begin();
    return execution;
  }

  Future<CallOutcome> outcome() {
    return outcome.future();
  }

  void cancel(String why) {
    stop(new CallOutcome.Failed(Reason.CANCELLED, 0, why), CallFailure.Kind.CANCELLED);
  }

  /**
   * The call's time is up: what is in flight is reset and the call fails as a {@code TIMEOUT} (its
   * own limit) or a {@code DEADLINE} (the endpoint's, which came first).
   */
  void expire(Reason reason, long millis) {
    stop(
        new CallOutcome.Failed(
            reason,
            0,
            call.service().name()
                + ": no complete answer within "
                + millis
                + "ms"
                + (reason == Reason.DEADLINE
                    ? ", the time left before the endpoint's deadline"
                    : "")),
        // Only the call's own limit says the service was slow. A call cut by the endpoint's
        // deadline may have been given a few milliseconds after a slow predecessor: blaming its
        // service would open a healthy service's breaker and eject its instances.
        reason == Reason.TIMEOUT ? CallFailure.Kind.TIMEOUT : CallFailure.Kind.CANCELLED);
  }

  private void stop(CallOutcome.Failed why, CallFailure.Kind kind) {
    if (done) {
      return;
    }
    done = true;
    CallFailure failure = new CallFailure(kind, why.detail());
    List.copyOf(running)
        .forEach(exchange -> exchange.cancel(failure)); // each cancel removes itself from running
    outcome.tryComplete(why);
  }

  private void begin() {
    if (values.length == 0) {
      finish();
      return;
    }
    int concurrency = call.fanOut() == null ? 1 : call.fanOut().concurrency();
    while (next < values.length && running.size() < concurrency && !done) {
      sendNext();
    }
  }

  private void sendNext() {
    int index = next++;
    ServiceRequest request = prepared.requests().get(index);
    Exchange exchange =
        clients.send(
            new Outbound(
                call.service(),
                call.resilience(),
                request,
                endsAtNanos,
                false,
                -1,
                call.cache(),
                tags,
                origin));
    running.add(exchange);
    exchange
        .result()
        .onComplete(
            answer -> {
              running.remove(exchange);
              if (done) {
                return;
              }
              if (answer.failed()) {
                fail(failureOf(CallFailure.classify(answer.cause())));
                return;
              }
              ServiceResponse response = answer.result();
              if (response.status() < 200 || response.status() >= 300) {
                fail(
                    new CallOutcome.Failed(
                        Reason.ofStatus(response.status()),
                        response.status(),
                        call.service().name() + " answered " + response.status()));
                return;
              }
              try {
                values[index] = JsonCodec.parse(response.body());
              } catch (IOException e) {
                fail(
                    new CallOutcome.Failed(
                        Reason.INVALID_JSON,
                        response.status(),
                        call.service().name() + " answered invalid JSON"));
                return;
              }
              lastStatus = response.status();
              cacheUse = CacheUse.worse(cacheUse, response.cache());
              if (++finished == values.length) {
                finish();
              } else if (next < values.length) {
                sendNext();
              }
            });
  }

  private void finish() {
    done = true;
    Object value;
    if (call.fanOut() == null) {
      value = values[0];
    } else if (call.fanOut() instanceof FanOut.ForEach) {
      value = java.util.Arrays.asList(values);
    } else {
      try {
        value = alignBatch((FanOut.Batch) call.fanOut());
      } catch (IllegalArgumentException e) {
        outcome.tryComplete(
            new CallOutcome.Failed(Reason.INVALID_JSON, lastStatus, e.getMessage()));
        return;
      }
    }
    outcome.tryComplete(new CallOutcome.Ok(lastStatus, value, cacheUse));
  }

  /** Maps every chunk's answers back by key, in the order (and with the repeats) of the input. */
  private List<Object> alignBatch(FanOut.Batch batch) {
    Map<String, Object> byKey = new HashMap<>();
    for (Object answer : values) {
      if (!(answer instanceof List<?> items)) {
        throw new IllegalArgumentException(
            call.service().name()
                + " answered a batch read with something"
                + " other than a JSON array");
      }
      for (Object item : items) {
        if (item instanceof Map<?, ?> object && object.get(batch.key()) != null) {
          byKey.put(JsonText.asText(object.get(batch.key())), item);
        }
      }
    }
    List<Object> aligned = new ArrayList<>(prepared.keys().size());
    for (Object key : prepared.keys()) {
      aligned.add(key == null ? null : byKey.get(JsonText.asText(key)));
    }
    return aligned;
  }

  private void fail(CallOutcome.Failed failure) {
    if (done) {
      return;
    }
    done = true;
    CallFailure cancelled =
        new CallFailure(CallFailure.Kind.CANCELLED, "another request of the same call failed");
    List.copyOf(running).forEach(exchange -> exchange.cancel(cancelled));
    outcome.tryComplete(failure);
  }

  private CallOutcome.Failed failureOf(CallFailure failure) {
    String detail =
        failure.getMessage().startsWith(call.service().name() + ":")
            ? failure.getMessage()
            : call.service().name() + ": " + failure.getMessage();
    return new CallOutcome.Failed(Reason.of(failure.kind()), 0, detail, failure.retryAfterMillis());
  }
}
