package dev.mosaic.rules.expression;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.util.Map;
import java.util.Set;

/**
 * One {@code ${...}} expression, compiled once when the config is loaded and evaluated per request
 * over the context {@code {path, query, headers, body, <call name>: result}}.
 *
 * <p>JSONata (com.dashjoin:jsonata) evaluates it. The compiled form is shared by every event loop:
 * the library keeps its per-evaluation state per thread, and ExpressionConcurrencyTest holds it to
 * that for the way Mosaic uses it (no frames, no bindings, no {@code $eval}).
 */
public final class Expression {

  private final String source;
  private final Jsonata compiled;

  /** Non-null for a shape read without JSONata where its answer is certain (a plain path, say). */
  private final FastPath fast;

  private final Set<String> rootNames;
  private final boolean readsWholeContext;

  private Expression(String source, Jsonata compiled, RootNames.Reads reads) {
    this.source = source;
    this.compiled = compiled;
    this.fast = FastPath.of(source);
    this.rootNames = reads.names();
    this.readsWholeContext = reads.wholeContext();
  }

  /**
   * @throws InvalidExpressionException with the offset of the problem inside {@code source}
   */
  public static Expression compile(String source) throws InvalidExpressionException {
    if (source.isBlank()) {
      throw new InvalidExpressionException("empty expression", 0);
    }
    Jsonata compiled;
    try {
      compiled = Jsonata.jsonata(source);
    } catch (JException e) {
      throw new InvalidExpressionException(
          e.getMessage(), Math.max(0, Math.min(source.length(), e.getLocation())));
    } catch (RuntimeException e) {
      throw new InvalidExpressionException(String.valueOf(e.getMessage()), 0);
    }
    // Input validation walks the whole context on every evaluation; Mosaic's contexts are parsed
    // JSON already (maps, lists, strings, numbers, booleans), so the walk would only cost time.
    compiled.setValidateInput(false);
    return new Expression(source, compiled, RootNames.of(compiled));
  }

  /**
   * @return the value, or null when the expression yields nothing (JSONata's undefined)
   */
  public Object evaluate(Map<String, ?> context) throws EvaluationException {
    if (fast != null) {
      Object value = fast.read(context);
      if (value != FastPath.UNDECIDED) {
        return value;
      }
    }
    try {
      Object result = compiled.evaluate(context);
      return result == Jsonata.NULL_VALUE ? null : result;
    } catch (JException e) {
      throw new EvaluationException(source, e.getMessage());
    } catch (RuntimeException e) {
      throw new EvaluationException(source, e.toString());
    }
  }

  /**
   * The value as a condition: JSONata's {@code $boolean()} of it ({@link Truth}), so nothing (a
   * missing field) is false.
   */
  public boolean test(Map<String, ?> context) throws EvaluationException {
    return Truth.of(evaluate(context));
  }

  public String source() {
    return source;
  }

  /** Top-level names read from the context: call names and path/query/headers/body. */
  public Set<String> rootNames() {
    return rootNames;
  }

  /** True for {@code $}, {@code $$} or {@code *} at the top: the expression reads everything. */
  public boolean readsWholeContext() {
    return readsWholeContext;
  }

  @Override
  public String toString() {
    return "${" + source + "}";
  }
}
