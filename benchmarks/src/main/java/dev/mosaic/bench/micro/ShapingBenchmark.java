package dev.mosaic.bench.micro;

import dev.mosaic.gateway.execution.ResponseShaper;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Shaping the demo's product answer from its calls' results, with and without writing the JSON. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ShapingBenchmark {

  private EndpointPlan endpoint;
  private Map<String, Object> context;

  @Setup
  public void setUp() {
    endpoint = DemoPlan.productEndpoint();
    context = DemoPlan.productContext();
  }

  @Benchmark
  public Object shapeProductAnswer() throws Exception {
    return ResponseShaper.shape(endpoint, context);
  }

  @Benchmark
  public Buffer shapeAndEncodeProductAnswer() throws Exception {
    return JsonCodec.encode(ResponseShaper.shape(endpoint, context));
  }
}
