package dev.mosaic.gateway.view;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mosaic.gateway.event.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's views (the first tier every read looks in), bounded in bytes, with an index from
 * tag to the views naming it, and the position of the last event that named each tag.
 *
 * <p>The last positions close a race: a composition that began before an event and lands after it
 * would otherwise be installed as fresh although the write it missed was announced. An event
 * records its tags' positions first, then marks the views it finds; an install indexes its tags and
 * compares them with those positions inside its key's atomic compute, which the event's mark of
 * that key runs wholly before or after. Either way the view ends up stale. Safe from any thread.
 */
public final class ViewTable {

  private static final int KEY_OVERHEAD_BYTES = 256;
  private static final long MAX_TRACKED_TAGS = 200_000;

  private final Cache<String, LocalView> views;
  private final ConcurrentHashMap<String, Set<String>> keysByTag = new ConcurrentHashMap<>();
  private final Cache<String, StreamPosition> lastChanges =
      Caffeine.newBuilder().maximumSize(MAX_TRACKED_TAGS).build();

  public ViewTable(long maxBytes) {
    this.views =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .<String, LocalView>weigher(
                (key, view) ->
                    (int)
                        Math.min(
                            Integer.MAX_VALUE,
                            (long) view.view().body().length()
                                + key.length() * 2L
                                + KEY_OVERHEAD_BYTES))
            .evictionListener((key, view, cause) -> unindex(key, view))
            .build();
  }

  public LocalView get(String key) {
    return views.getIfPresent(key);
  }

  /**
   * Installs a composed view, unless a newer one is held already. It is installed stale when an
   * event applied since its position names one of its tags.
   *
   * @return what the table holds for its key now
   */
  public LocalView install(StoredView view, long nowNanos) {
    return views
        .asMap()
        .compute(
            view.key(),
            (key, held) -> {
              if (held != null && held.view().position().isAfter(view.position())) {
                return held;
              }
              // inside the key's compute: a mark of this key runs wholly before or after it
              index(key, view.tags());
              StreamPosition changed = lastChange(view.tags());
              LocalView installed = LocalView.fresh(view);
              if (held != null && held.stale() && held.staleAt().isAfter(view.position())) {
                // still behind the event that made the old one stale: keep when that began
                return new LocalView(view, held.staleSinceNanos(), held.staleAt());
              }
              return changed != null ? installed.markedBy(changed, nowNanos) : installed;
            });
  }

  /**
   * An event at {@code position} names {@code tags}: records it and marks the views naming them.
   *
   * @return the keys of the views it made (or found) stale
   */
  public List<String> mark(List<String> tags, StreamPosition position, long nowNanos) {
    for (String tag : tags) {
      lastChanges.asMap().merge(tag, position, StreamPosition::later);
    }
    java.util.Set<String> marked = new java.util.LinkedHashSet<>();
    for (String tag : tags) {
      Set<String> keys = keysByTag.get(tag);
      if (keys == null) {
        continue;
      }
      for (String key : keys) {
        LocalView now =
            views.asMap().computeIfPresent(key, (k, held) -> held.markedBy(position, nowNanos));
        if (now != null && now.stale()) {
          marked.add(key);
        }
      }
    }
    return new ArrayList<>(marked);
  }

  /** The latest event position that named one of {@code tags}, or null. */
  public StreamPosition lastChange(List<String> tags) {
    StreamPosition latest = null;
    for (String tag : tags) {
      StreamPosition position = lastChanges.getIfPresent(tag);
      if (position != null && (latest == null || position.isAfter(latest))) {
        latest = position;
      }
    }
    return latest;
  }

  /** Every view held, in no order. */
  public List<LocalView> all() {
    return new ArrayList<>(views.asMap().values());
  }

  public void clear() {
    views.invalidateAll();
    keysByTag.clear();
  }

  private void index(String key, List<String> tags) {
    for (String tag : tags) {
      keysByTag.compute(
          tag,
          (t, keys) -> {
            Set<String> indexed = keys == null ? ConcurrentHashMap.newKeySet() : keys;
            indexed.add(key);
            return indexed;
          });
    }
  }

  /**
   * Runs inside the eviction's atomic removal of {@code key}: an install of the same key runs
   * wholly before or after it, and indexes its tags again.
   */
  private void unindex(String key, LocalView evicted) {
    if (evicted == null) {
      return;
    }
    for (String tag : evicted.view().tags()) {
      keysByTag.computeIfPresent(
          tag,
          (t, keys) -> {
            keys.remove(key);
            return keys.isEmpty() ? null : keys;
          });
    }
  }

  /** Tags indexed, for tests of the bound. */
  int indexedTags() {
    return keysByTag.size();
  }
}
