package dev.mosaic.gateway.execution;

import dev.mosaic.gateway.http.CacheUse;
import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.gateway.tracing.CallSpan;
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
 * aligned with the keys (batch). The first failed request fails the call and cancels the rest,
 * unless the call is partial: then a failed item (or chunk of keys) takes the item fallback and the
 * rest stand, also when the call's time runs out with some items answered; only a call none of
 * whose items answered fails. Runs on one event loop; no locking.
 */
public final class CallExecution {

  private final CallPlan call;
  private final CallRequests.Prepared prepared;
  private final ServiceCaller clients;
  private final long endsAtNanos;
  private final List<String> tags;
  private final String origin;
  private final Promise<CallOutcome> outcome = Promise.promise();
  private final Object[] values;
  private final boolean[] answered;
  private final List<Exchange> running = new ArrayList<>();
  private int next;
  private int finished;
  private int lastStatus = 200;
  private CacheUse cacheUse;
  private boolean done;

  /** A partial call's failed requests, by index (null where it answered or is still out). */
  private final CallOutcome.Failed[] failures;

  private int failedCount;

  /** The call's exported span, or null: told of each request's attempts. */
  private final CallSpan span;

  private CallExecution(
      CallPlan call,
      CallRequests.Prepared prepared,
      ServiceCaller clients,
      long endsAtNanos,
      List<String> tags,
      String origin,
      CallSpan span) {
    this.span = span;
    this.call = call;
    this.prepared = prepared;
    this.clients = clients;
    this.endsAtNanos = endsAtNanos;
    this.tags = tags;
    this.origin = origin;
    this.values = new Object[prepared.requests().size()];
    this.answered = new boolean[values.length];
    this.failures =
        call.fanOut() != null && call.fanOut().partial()
            ? new CallOutcome.Failed[values.length]
            : null;
  }

  /**
   * @param endsAtNanos when the caller will expire the call: no retry or hedge starts past it
   * @param tags the cache tags its answers carry (empty when it is not cached or has none)
   * @param origin the endpoint making the call, for call budgets
   */
  public static CallExecution start(
      CallPlan call,
      CallRequests.Prepared prepared,
      ServiceCaller clients,
      long endsAtNanos,
      List<String> tags,
      String origin) {
    return start(call, prepared, clients, endsAtNanos, tags, origin, null);
  }

  /**
   * @param span the call's exported span, or null
   */
  public static CallExecution start(
      CallPlan call,
      CallRequests.Prepared prepared,
      ServiceCaller clients,
      long endsAtNanos,
      List<String> tags,
      String origin,
      CallSpan span) {
    CallExecution execution =
        new CallExecution(call, prepared, clients, endsAtNanos, tags, origin, span);
    execution.begin();
    return execution;
  }

  public Future<CallOutcome> outcome() {
    return outcome.future();
  }

  public void cancel(String why) {
    stop(new CallOutcome.Failed(Reason.CANCELLED, 0, why), CallFailure.Kind.CANCELLED);
  }

  /**
   * The call's time is up: what is in flight is reset and the call fails as a {@code TIMEOUT} (its
   * own limit) or a {@code DEADLINE} (the endpoint's, which came first).
   */
  public void expire(Reason reason, long millis) {
    if (failures != null && !done && finished > failedCount) {
      keepWhatAnswered(reason, millis);
      return;
    }
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

  /**
   * A partial call out of time with some items answered: the rest are cut and take the item
   * fallback.
   */
  private void keepWhatAnswered(Reason reason, long millis) {
    done = true;
    CallFailure cut =
        new CallFailure(
            reason == Reason.TIMEOUT ? CallFailure.Kind.TIMEOUT : CallFailure.Kind.CANCELLED,
            "the call's time ran out");
    List.copyOf(running).forEach(exchange -> exchange.cancel(cut));
    for (int i = 0; i < values.length; i++) {
      if (!answered[i] && failures[i] == null) {
        failures[i] = new CallOutcome.Failed(reason, 0, "no answer within " + millis + "ms");
        failedCount++;
      }
    }
    finish();
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
                origin,
                span));
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
                requestFailed(index, failureOf(CallFailure.classify(answer.cause())));
                return;
              }
              ServiceResponse response = answer.result();
              if (response.status() < 200 || response.status() >= 300) {
                requestFailed(
                    index,
                    new CallOutcome.Failed(
                        Reason.ofStatus(response.status()),
                        response.status(),
                        call.service().name() + " answered " + response.status()));
                return;
              }
              try {
                values[index] = JsonCodec.parse(response.body());
              } catch (IOException e) {
                requestFailed(
                    index,
                    new CallOutcome.Failed(
                        Reason.INVALID_JSON,
                        response.status(),
                        call.service().name() + " answered invalid JSON"));
                return;
              }
              answered[index] = true;
              lastStatus = response.status();
              cacheUse = CacheUse.worse(cacheUse, response.cache());
              advance();
            });
  }

  private void advance() {
    if (++finished == values.length) {
      finish();
    } else if (next < values.length) {
      sendNext();
    }
  }

  /** A partial call keeps going without this request's answer; any other fails at once. */
  private void requestFailed(int index, CallOutcome.Failed failure) {
    if (failures == null) {
      fail(call.fanOut() == null ? failure : itemized(index, failure));
      return;
    }
    failures[index] = failure;
    failedCount++;
    advance();
  }

  /** Which item (forEach) or chunk of keys (batch) failed the call, in the problem's detail. */
  private CallOutcome.Failed itemized(int index, CallOutcome.Failed failure) {
    String which = call.fanOut() instanceof FanOut.ForEach ? "item " : "chunk of keys ";
    return new CallOutcome.Failed(
        failure.reason(),
        failure.status(),
        which + index + ": " + failure.detail(),
        failure.retryAfterMillis());
  }

  private void finish() {
    done = true;
    if (failures != null && values.length > 0 && failedCount == values.length) {
      CallOutcome.Failed first = failures[0];
      outcome.tryComplete(
          new CallOutcome.Failed(
              first.reason(),
              first.status(),
              "every one of its "
                  + values.length
                  + " requests failed; the first: "
                  + first.detail(),
              first.retryAfterMillis()));
      return;
    }
    Object value;
    List<ItemFailure> failedItems = List.of();
    if (call.fanOut() == null) {
      value = values[0];
    } else if (call.fanOut() instanceof FanOut.ForEach forEach) {
      List<Object> items = java.util.Arrays.asList(values);
      if (failedCount > 0) {
        failedItems = new ArrayList<>(failedCount);
        for (int i = 0; i < values.length; i++) {
          if (failures[i] != null) {
            items.set(i, forEach.itemFallback());
            failedItems.add(itemFailure(i, failures[i]));
          }
        }
      }
      value = items;
    } else {
      try {
        List<Object> aligned = alignBatch((FanOut.Batch) call.fanOut());
        if (failedCount > 0) {
          failedItems = fallBackFailedKeys((FanOut.Batch) call.fanOut(), aligned);
        }
        value = aligned;
      } catch (IllegalArgumentException e) {
        outcome.tryComplete(
            new CallOutcome.Failed(Reason.INVALID_JSON, lastStatus, e.getMessage()));
        return;
      }
    }
    outcome.tryComplete(new CallOutcome.Ok(lastStatus, value, cacheUse, failedItems));
  }

  private static ItemFailure itemFailure(int index, CallOutcome.Failed failure) {
    return new ItemFailure(index, failure.reason().label(), failure.status());
  }

  /** Every position whose key was in a failed chunk takes the item fallback. */
  private List<ItemFailure> fallBackFailedKeys(FanOut.Batch batch, List<Object> aligned) {
    Map<String, CallOutcome.Failed> failedKeys = new HashMap<>();
    for (int c = 0; c < failures.length; c++) {
      if (failures[c] != null) {
        for (Object key : prepared.chunks().get(c)) {
          failedKeys.put(JsonText.asText(key), failures[c]);
        }
      }
    }
    List<ItemFailure> failedItems = new ArrayList<>();
    for (int i = 0; i < aligned.size(); i++) {
      Object key = prepared.keys().get(i);
      CallOutcome.Failed failure = key == null ? null : failedKeys.get(JsonText.asText(key));
      if (failure != null) {
        aligned.set(i, batch.itemFallback());
        failedItems.add(itemFailure(i, failure));
      }
    }
    return failedItems;
  }

  /** Maps every chunk's answers back by key, in the order (and with the repeats) of the input. */
  private List<Object> alignBatch(FanOut.Batch batch) {
    Map<String, Object> byKey = new HashMap<>();
    for (int c = 0; c < values.length; c++) {
      if (failures != null && failures[c] != null) {
        continue; // its keys take the item fallback
      }
      if (!(values[c] instanceof List<?> items)) {
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
