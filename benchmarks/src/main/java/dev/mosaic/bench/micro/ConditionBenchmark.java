package dev.mosaic.bench.micro;

import dev.mosaic.rules.expression.Expression;
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
 * What a call's {@code when:} costs when it holds (issue 14's target: ≤ 100 ns per call): a flag in
 * the query, a comparison with the request's text, one over another call's answer, and two joined
 * by {@code and}: all read without JSONata's evaluator; {@code $count(...)} goes through it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConditionBenchmark {

  private Expression flag;
  private Expression equalsText;
  private Expression overAnswer;
  private Expression twoComparisons;
  private Expression throughJsonata;
  private Map<String, Object> context;

  @Setup
  public void setUp() throws Exception {
    flag = Expression.compile("query.reviews");
    equalsText = Expression.compile("query.reviews = \"yes\"");
    overAnswer = Expression.compile("product.price > 100");
    twoComparisons = Expression.compile("query.reviews = \"yes\" and product.price > 100");
    throughJsonata = Expression.compile("$count(reviews) > 2");
    context = DemoPlan.productContext();
    Map<String, Object> query = new HashMap<>();
    query.put("reviews", "yes");
    context.put("query", query);
  }

  @Benchmark
  public boolean queryFlag() throws Exception {
    return flag.test(context);
  }

  @Benchmark
  public boolean queryEqualsText() throws Exception {
    return equalsText.test(context);
  }

  @Benchmark
  public boolean comparisonOverAnAnswer() throws Exception {
    return overAnswer.test(context);
  }

  @Benchmark
  public boolean twoComparisonsJoined() throws Exception {
    return twoComparisons.test(context);
  }

  @Benchmark
  public boolean functionThroughJsonata() throws Exception {
    return throughJsonata.test(context);
  }
}
