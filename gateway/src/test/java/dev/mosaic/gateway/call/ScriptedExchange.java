package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One exchange handed out by a {@link ScriptedCaller}: it remembers what was sent and every cancel,
 * and the test ends it when it likes. Like the real one, a cancel fails it with the given failure
 * unless it already ended. No context: its handlers run at once, on the test's thread.
 */
public final class ScriptedExchange implements Exchange {

  private final Outbound call;
  private final int instance;
  private final Promise<ServiceResponse> result = Promise.promise();
  private final List<CallFailure> cancels = new ArrayList<>();

  ScriptedExchange(Outbound call, int instance) {
    this.call = call;
    this.instance = instance;
  }

  public static ServiceResponse response(int status, String json) {
    return new ServiceResponse(status, "application/json", Buffer.buffer(json));
  }

  /** What the layer above sent. */
  public Outbound call() {
    return call;
  }

  public String uri() {
    return call.request().uri();
  }

  public void answer(int status) {
    answer(status, "{}");
  }

  public void answer(int status, String json) {
    result.complete(response(status, json));
  }

  public void answer(ServiceResponse response) {
    result.complete(response);
  }

  public void fail(CallFailure.Kind kind) {
    result.fail(new CallFailure(kind, "scripted " + kind));
  }

  public boolean ended() {
    return result.future().isComplete();
  }

  /** The kinds this exchange was cancelled with, in order (a cancel after the end counts too). */
  public List<CallFailure.Kind> cancels() {
    return cancels.stream().map(CallFailure::kind).toList();
  }

  public List<CallFailure> cancelFailures() {
    return List.copyOf(cancels);
  }

  @Override
  public Future<ServiceResponse> result() {
    return result.future();
  }

  @Override
  public void cancel(CallFailure why) {
    cancels.add(why);
    result.tryFail(why);
  }

  @Override
  public int instance() {
    return instance;
  }
}
