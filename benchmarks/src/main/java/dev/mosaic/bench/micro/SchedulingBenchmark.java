package dev.mosaic.bench.micro;

import dev.mosaic.gateway.execution.ExecutionResult;
import dev.mosaic.gateway.execution.PlanExecution;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The executor's own cost for the demo's product endpoint (3 parallel calls, then 1 dependent):
 * rendering each call, scheduling the DAG, parsing the four JSON answers, the deadline timer, and
 * collecting outcomes — with services that answer instantly from memory, so no network is timed
 * (and no time limit is ever armed for real).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SchedulingBenchmark {

  /** The services answer at once, so no limit is ever reached: only the bookkeeping is measured. */
  private static final Timeouts NEVER = (delayNanos, action) -> () -> {};

  private EndpointPlan endpoint;
  private ServiceCaller instant;

  @Setup
  public void setUp() {
    endpoint = DemoPlan.productEndpoint();
    Map<String, Object> answers = DemoPlan.productContext();
    Map<String, Buffer> bodies = new HashMap<>();
    bodies.put("catalog", JsonCodec.encode(answers.get("product")));
    bodies.put("inventory", JsonCodec.encode(answers.get("stock")));
    bodies.put("reviews", JsonCodec.encode(answers.get("reviews")));
    bodies.put("users", JsonCodec.encode(answers.get("seller")));
    instant =
        call ->
            new AnsweredExchange(
                new ServiceResponse(200, "application/json", bodies.get(call.service().name())), 0);
  }

  @Benchmark
  public ExecutionResult runProductPlan() {
    Map<String, Object> context = DemoPlan.requestContext();
    context.put("body", null);
    Future<ExecutionResult> run =
        new PlanExecution(NEVER, endpoint, context, instant, System.nanoTime() + 1_000_000_000L)
            .run();
    if (!run.succeeded() || run.result().failed()) {
      throw new IllegalStateException("the plan should succeed: " + run.result());
    }
    return run.result();
  }
}
