package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.expression.Expression;

/**
 * Reads a call's {@code forEach:} or {@code batch:}, the two ways one call becomes many, and its
 * {@code partial:} and {@code itemFallback:}, what the many do when some fail.
 */
final class FanOutReader {

  private FanOutReader() {}

  /**
   * @param templates the call's own: the {@code over} expression is one of the call's uses
   * @return the fan-out, or null for a single call (or one whose fan-out has problems, added)
   */
  static FanOut read(Fields call, TemplateCompiler templates, Problems problems) {
    ConfigNode.MapNode forEach = call.map("forEach");
    ConfigNode.MapNode batch = call.map("batch");
    if (forEach != null && batch != null) {
      problems.add(call.position("batch"), "a call has either 'forEach' or 'batch', not both");
      return null;
    }
    boolean partial = call.bool("partial", false);
    if (call.node("partial") != null && forEach == null && batch == null) {
      problems.add(
          call.position("partial"),
          "partial keeps the items that answered when others fail, so it needs forEach or batch:"
              + " a single call has no items");
    }
    if (call.node("itemFallback") != null && !partial) {
      problems.add(
          call.position("itemFallback"),
          "itemFallback is what a failed item takes in a partial call: add 'partial: true'");
    }
    Object itemFallback =
        call.node("itemFallback") == null ? null : call.node("itemFallback").toJson();
    if (forEach != null) {
      Fields f = new Fields(forEach, problems);
      Expression over = templates.single(f.node("over"), "forEach.over", "giving a list");
      if (over != null && over.rootNames().contains(ContextNames.ITEM)) {
        problems.add(
            f.position("over"), "forEach.over cannot read 'item': it is what over produces");
      }
      return over == null
          ? null
          : new FanOut.ForEach(
              over,
              f.integer("concurrency", FanOut.ForEach.DEFAULT_CONCURRENCY),
              f.integer("maxItems", FanOut.ForEach.DEFAULT_MAX_ITEMS),
              partial,
              itemFallback);
    }
    if (batch != null) {
      Fields f = new Fields(batch, problems);
      Expression over = templates.single(f.node("over"), "batch.over", "giving a list");
      return over == null
          ? null
          : new FanOut.Batch(
              over,
              f.string("param", "ids"),
              f.string("key", "id"),
              f.integer("maxSize", FanOut.Batch.DEFAULT_MAX_SIZE),
              f.integer("concurrency", FanOut.Batch.DEFAULT_CONCURRENCY),
              f.integer("maxItems", FanOut.Batch.DEFAULT_MAX_ITEMS),
              partial,
              itemFallback);
    }
    return null;
  }
}
