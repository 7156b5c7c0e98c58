package dev.mosaic.bench.micro;

import dev.mosaic.rules.expression.UrlTemplate;
import dev.mosaic.rules.expression.ValueTemplate;
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
 * Template expansion on every call: a call path with a query value (percent-encoded), a dependent
 * path reading another call's answer, and an interpolated string.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TemplateBenchmark {

  private UrlTemplate reviewsPath;
  private UrlTemplate sellerPath;
  private ValueTemplate text;
  private Map<String, Object> context;

  @Setup
  public void setUp() throws Exception {
    reviewsPath = UrlTemplate.compile("/reviews?productId=${path.id}&limit=5");
    sellerPath = UrlTemplate.compile("/users/${product.sellerId}");
    text = ValueTemplate.ofText("${product.name} (${stock.available} left)");
    context = DemoPlan.productContext();
  }

  @Benchmark
  public String callPathWithQuery() throws Exception {
    return reviewsPath.render(context);
  }

  @Benchmark
  public String dependentCallPath() throws Exception {
    return sellerPath.render(context);
  }

  @Benchmark
  public Object interpolatedText() throws Exception {
    return text.render(context);
  }
}
