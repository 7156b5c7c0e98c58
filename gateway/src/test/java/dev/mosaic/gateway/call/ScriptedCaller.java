package dev.mosaic.gateway.call;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.InstanceCaller;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The layer under test's next layer, scripted per call: each call takes the next step of the script
 * (answer with a status, fail with a kind) and a call with no step left hangs until the test ends
 * it or someone cancels it. Every exchange is kept, with what was sent and how it was cancelled.
 *
 * <p>As an {@link InstanceCaller} an exchange runs on the instance it was sent to. As a {@link
 * ServiceCaller} there is no balancer below, so the n-th call (from 0) is said to have run on
 * instance n: that makes "the retry avoids the instance that failed" visible in the next call's
 * {@link Outbound#avoid()}.
 */
public final class ScriptedCaller implements ServiceCaller, InstanceCaller {

  private final Deque<Consumer<ScriptedExchange>> script = new ArrayDeque<>();
  private final List<ScriptedExchange> sent = new ArrayList<>();

  /** The next call answers {@code status} with an empty JSON object. */
  public ScriptedCaller thenAnswer(int status) {
    return thenAnswer(status, "{}");
  }

  public ScriptedCaller thenAnswer(int status, String json) {
    script.addLast(exchange -> exchange.answer(status, json));
    return this;
  }

  public ScriptedCaller thenFail(CallFailure.Kind kind) {
    script.addLast(exchange -> exchange.fail(kind));
    return this;
  }

  /** The next call hangs (as every call past the script does): for scripts that go on after it. */
  public ScriptedCaller thenHang() {
    script.addLast(exchange -> {});
    return this;
  }

  @Override
  public Exchange send(Outbound call) {
    return send(call, sent.size());
  }

  @Override
  public Exchange send(Outbound call, int instance) {
    ScriptedExchange exchange = new ScriptedExchange(call, instance);
    sent.add(exchange);
    Consumer<ScriptedExchange> step = script.pollFirst();
    if (step != null) {
      step.accept(exchange);
    }
    return exchange;
  }

  public int calls() {
    return sent.size();
  }

  /** The {@code n}-th exchange, from 0. */
  public ScriptedExchange sent(int n) {
    return sent.get(n);
  }

  public ScriptedExchange last() {
    return sent.get(sent.size() - 1);
  }

  public List<ScriptedExchange> all() {
    return List.copyOf(sent);
  }

  /** The one exchange whose URI starts with {@code prefix}. */
  public ScriptedExchange to(String prefix) {
    List<ScriptedExchange> found = sent.stream().filter(e -> e.uri().startsWith(prefix)).toList();
    if (found.size() != 1) {
      throw new NoSuchElementException(found.size() + " calls to " + prefix + " in " + uris());
    }
    return found.get(0);
  }

  public List<String> uris() {
    return sent.stream().map(ScriptedExchange::uri).toList();
  }
}
