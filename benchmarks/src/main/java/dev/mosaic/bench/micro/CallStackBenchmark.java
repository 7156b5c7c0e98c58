package dev.mosaic.bench.micro;

import dev.mosaic.gateway.call.CallStack;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.InstanceCaller;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The CPU cost of the resilience decorators on the healthy path (issue 4: at most 5 µs per call).
 * Three services over an instance caller that answers 200 at once from memory, so the HTTP exchange
 * costs nothing and only the layers {@link CallStack} builds are timed:
 *
 * <ul>
 *   <li>{@code fullStack}: every layer — breaker, bulkhead, retry with its budget, a hedge with a
 *       fixed delay that never fires (the timeouts here never run anything), and balancing over two
 *       instances;
 *   <li>{@code breakerAndBulkhead}: the demo config's usual pair, one instance;
 *   <li>{@code bare}: no resilience keys: the map lookup and the instance call.
 * </ul>
 *
 * The decorators' cost per call is {@code fullStack − bare}; jmh.sh prints the difference. A Vert.x
 * instance is needed only because the breaker's state machine is vertx-circuit-breaker's; nothing
 * runs on its event loops here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallStackBenchmark {

  static final String CONFIG =
      """
      services:
        guarded:
          urls: [http://127.0.0.1:9401, http://127.0.0.1:9402]
          timeout: 2s
          maxInFlight: 1000
          circuitBreaker: { failureRate: 50%, minCalls: 20, window: 10s, openFor: 5s }
          retry: { attempts: 2, backoff: 20ms, budget: 10% }
          hedge: { after: 1s }
        light:
          urls: [http://127.0.0.1:9403]
          timeout: 2s
          maxInFlight: 1000
          circuitBreaker: { failures: 5, openFor: 5s }
        bare:
          urls: [http://127.0.0.1:9404]
          timeout: 2s
      endpoints:
        GET /guarded/{id}:
          calls:
            thing: { service: guarded, path: "/items/${path.id}" }
        GET /light/{id}:
          calls:
            thing: { service: light, path: "/items/${path.id}" }
        GET /bare/{id}:
          calls:
            thing: { service: bare, path: "/items/${path.id}" }
      """;

  /** Every call answers at once, so no time limit, backoff or hedge delay is ever reached. */
  private static final Timeouts NEVER = (delayNanos, action) -> () -> {};

  private Vertx vertx;
  private Guards guards;
  private CallStack stack;
  private Outbound guarded;
  private Outbound light;
  private Outbound bare;

  /** One already-complete 200 per instance: the bottom of the stack allocates nothing. */
  private static final class Instant implements InstanceCaller {
    private final Exchange[] answers = new Exchange[2];

    Instant() {
      for (int i = 0; i < answers.length; i++) {
        answers[i] =
            new AnsweredExchange(
                new ServiceResponse(
                    200, "application/json", Buffer.buffer("{\"id\":42}"), null, i, null, null),
                i);
      }
    }

    @Override
    public Exchange send(Outbound call, int instance) {
      return answers[instance];
    }
  }

  @Setup
  public void setUp() throws Exception {
    vertx = Vertx.vertx();
    GatewayPlan plan = PlanCompiler.compile("call-stack-benchmark.yaml", CONFIG);
    guards = Guards.create(vertx, plan);
    Instant instant = new Instant();
    stack = CallStack.build(plan, guards, instant, NEVER);
    long endsAt =
        System.nanoTime() + TimeUnit.HOURS.toNanos(1); // far enough for every hedge and retry check
    guarded = outbound(plan, "/guarded/{id}", endsAt);
    light = outbound(plan, "/light/{id}", endsAt);
    bare = outbound(plan, "/bare/{id}", endsAt);
    if (guarded.policy().retry() == null || guarded.policy().hedge() == null) {
      throw new IllegalStateException(
          "the guarded call should retry and hedge: " + guarded.policy());
    }
    for (Outbound call : new Outbound[] {guarded, light, bare}) {
      Future<ServiceResponse> answer = stack.send(call).result();
      if (!answer.succeeded() || answer.result().status() != 200) {
        throw new IllegalStateException(
            call.service().name() + " should answer 200 at once: " + answer);
      }
    }
    // the decorated calls answer through their own promises, the bare one with the instance's
    // future
    if (stack.send(guarded).result() == instant.answers[0].result()
        || stack.send(guarded).result() == instant.answers[1].result()
        || stack.send(bare).result() != instant.answers[0].result()) {
      throw new IllegalStateException("the stacks are not what this benchmark means to compare");
    }
  }

  private static Outbound outbound(GatewayPlan plan, String path, long endsAt) {
    CallPlan call =
        plan.endpoints().stream()
            .filter(e -> e.route().equals("GET " + path))
            .findFirst()
            .orElseThrow()
            .calls()
            .get(0);
    ServiceRequest request =
        new ServiceRequest("GET", "/items/42", MultiMap.caseInsensitiveMultiMap(), null);
    return new Outbound(
        call.service(), call.resilience(), request, endsAt, false, -1, "GET " + path);
  }

  @TearDown
  public void tearDown() throws Exception {
    guards.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public Future<ServiceResponse> fullStack() {
    return stack.send(guarded).result();
  }

  @Benchmark
  public Future<ServiceResponse> breakerAndBulkhead() {
    return stack.send(light).result();
  }

  @Benchmark
  public Future<ServiceResponse> bare() {
    return stack.send(bare).result();
  }
}
