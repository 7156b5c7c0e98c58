package dev.mosaic.gateway.view;

import dev.mosaic.gateway.event.StreamPosition;

/**
 * A view as this process holds it: the stored answer, and whether an event applied since names one
 * of its tags (then a refresh is due, and the answer may only be served while it is stale for less
 * than the endpoint's {@code maxLag}).
 *
 * @param staleSinceNanos when the first event it does not reflect was applied ({@link
 *     System#nanoTime()}), or 0 while it is fresh
 * @param staleAt the latest such event, or null while it is fresh
 */
public record LocalView(StoredView view, long staleSinceNanos, StreamPosition staleAt) {

  public static LocalView fresh(StoredView view) {
    return new LocalView(view, 0, null);
  }

  public boolean stale() {
    return staleAt != null;
  }

  /** Marked by an event at {@code position}: stale since the first such mark. */
  LocalView markedBy(StreamPosition position, long nowNanos) {
    if (!position.isAfter(view.position())) {
      return this; // it already reflects that event
    }
    return new LocalView(
        view,
        stale() ? staleSinceNanos : nowNanos,
        stale() ? StreamPosition.later(staleAt, position) : position);
  }

  /** How long it has been stale, or 0. */
  public long staleForNanos(long nowNanos) {
    return stale() ? Math.max(0, nowNanos - staleSinceNanos) : 0;
  }
}
