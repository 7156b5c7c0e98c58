package dev.mosaic.rules.plan;

import dev.mosaic.rules.expression.Expression;

/** A call made once per item ({@link ForEach}) or once per chunk of keys ({@link Batch}). */
public sealed interface FanOut permits FanOut.ForEach, FanOut.Batch {

  /** The list the calls are made over. */
  Expression over();

  /** At most this many of the calls are in flight at once. */
  int concurrency();

  /** More items (or keys) than this fail the call: one request never fans out without bound. */
  int maxItems();

  /**
   * Whether a failed item (forEach) or chunk of keys (batch) takes {@link #itemFallback} while the
   * rest stand; otherwise one failure fails the whole call.
   */
  boolean partial();

  /** The value a failed item takes in a partial call's list (null when none is given). */
  Object itemFallback();

  /**
   * One call per element of {@code over}; the call's path reads the element as {@code item}. The
   * result is a list aligned with the input.
   */
  record ForEach(
      Expression over, int concurrency, int maxItems, boolean partial, Object itemFallback)
      implements FanOut {
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final int DEFAULT_MAX_ITEMS = 100;
  }

  /**
   * DataLoader-style: the distinct keys of {@code over} are split into chunks of {@code maxSize};
   * each chunk is one call with {@code param=k1,k2,...}; the service answers a JSON array of
   * objects whose {@code key} field says which key each belongs to. The result is a list aligned
   * with {@code over} (null where the service had nothing for a key).
   */
  record Batch(
      Expression over,
      String param,
      String key,
      int maxSize,
      int concurrency,
      int maxItems,
      boolean partial,
      Object itemFallback)
      implements FanOut {
    public static final int DEFAULT_MAX_SIZE = 100;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int DEFAULT_MAX_ITEMS = 1000;
  }
}
