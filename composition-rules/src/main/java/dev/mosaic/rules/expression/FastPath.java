package dev.mosaic.rules.expression;

import java.util.Map;

/**
 * A shape of expression common enough in gateway rules to evaluate without JSONata, where the
 * answer is certain to be JSONata's; elsewhere it declines and JSONata decides. Each kind is held
 * to JSONata's answers by a differential test over generated contexts.
 */
interface FastPath {

  /** What {@link #read} returns when JSONata must decide. */
  Object UNDECIDED = new Object();

  /**
   * @return the value (null for nothing), or {@link #UNDECIDED}
   */
  Object read(Map<String, ?> context);

  /**
   * @return the fast path for {@code source}, or null when it has none
   */
  static FastPath of(String source) {
    FastPath plain = PlainPath.of(source);
    if (plain != null) {
      return plain;
    }
    FastPath comparison = Comparison.of(source);
    if (comparison != null) {
      return comparison;
    }
    FastPath conjunction = Conjunction.of(source);
    if (conjunction != null) {
      return conjunction;
    }
    FastPath projection = Projection.of(source);
    return projection != null ? projection : Aggregation.of(source);
  }
}
