package dev.mosaic.gateway.view;

import dev.mosaic.gateway.event.ChangeEvent;
import dev.mosaic.gateway.event.ConsumerProgress;
import dev.mosaic.gateway.event.StreamPosition;
import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The process's read views: this process's table, the shared store behind it, and the background
 * recompositions that events start. Events come in through {@link #apply}; reads use {@link
 * #local}, {@link #shared} and {@link #install}; the endpoint's live composition is the {@link
 * Composer}'s, which runs it on a serving event loop with the config serving now.
 */
public final class Views {

  /** Composes a view endpoint's answer for some input, as a live read would. */
  @FunctionalInterface
  public interface Composer {

    /**
     * @return the composition; a failed future when the route is gone (a reload removed it)
     */
    Future<Composition> compose(String route, ViewInputs inputs);
  }

  /**
   * A composition's outcome: a complete answer, or why it cannot be a view's (a degraded answer or
   * a failure is never stored as fresh).
   *
   * @param incomplete null when complete
   */
  public record Composition(Buffer body, String incomplete) {

    public static Composition complete(Buffer body) {
      return new Composition(body, null);
    }

    public static Composition incomplete(String why) {
      return new Composition(null, why);
    }
  }

  /** What views report (metrics); {@link #NONE} when metrics are off. */
  public interface Observer {

    void refreshed(String route, String outcome, long nanos);

    /**
     * A stale view is fresh again, {@code millis} after the latest event it missed was appended:
     * how far behind the services views run, end to end (consumer lag, queue, composition).
     */
    void caughtUp(String route, long millis);

    Observer NONE =
        new Observer() {
          @Override
          public void refreshed(String route, String outcome, long nanos) {}

          @Override
          public void caughtUp(String route, long millis) {}
        };
  }

  private final ViewTable table;
  private final ViewStore store;
  private final ConsumerProgress progress;
  private final RefreshQueue refreshes;
  private final Observer observer;
  private volatile Composer composer;

  public Views(
      Vertx vertx,
      ViewTable table,
      ViewStore store,
      ConsumerProgress progress,
      int refreshConcurrency,
      Observer observer) {
    this.table = table;
    this.store = store;
    this.progress = progress;
    this.observer = observer;
    this.refreshes = new RefreshQueue(vertx, refreshConcurrency, this::refresh);
  }

  /** Set once the servers run: recompositions use their loops. */
  public void composeWith(Composer composer) {
    this.composer = composer;
  }

  public ConsumerProgress progress() {
    return progress;
  }

  /**
   * An event: its tags' positions are recorded in the store (durably, before the event is
   * acknowledged), then the views naming them here are marked stale and queued for a refresh.
   */
  public Future<Void> apply(ChangeEvent event) {
    return store
        .changed(event.tags(), event.position())
        .map(
            stored -> {
              for (String key : table.mark(event.tags(), event.position(), System.nanoTime())) {
                refreshes.request(key);
              }
              return null;
            });
  }

  public LocalView local(String key) {
    return table.get(key);
  }

  /** The store's copy of a view when it is fresh; within the read budget. */
  public Future<StoredView> shared(String key, List<String> tags, Timeouts timeouts) {
    return store.load(key, tags, timeouts);
  }

  /**
   * Keeps a composed view here and in the store.
   *
   * @return what this process holds for its key now (stale if an event passed it meanwhile)
   */
  @SuppressWarnings("ReferenceEquality") // whether this very view went in, not an equal one
  public LocalView install(StoredView view, boolean save) {
    LocalView held = table.install(view, System.nanoTime());
    if (held.view() == view) {
      if (save) {
        store.save(view);
      }
      if (held.stale()) {
        refreshes.request(view.key());
      }
    }
    return held;
  }

  /** Completes on {@code context} once the key's due refresh ended: true if it made it fresh. */
  public Future<Boolean> whenRefreshed(String key, Context context) {
    return refreshes.whenRefreshed(key, context);
  }

  /**
   * Composes a declared view ({@code view.keys}) and keeps it, unless a view of its key is held.
   *
   * @return completes when it is kept (or could not be: it is then composed on its first read)
   */
  public Future<Void> prime(
      String route, ViewInputs inputs, List<String> tags, String configVersion) {
    String key = inputs.key(route, configVersion);
    Composer now = composer;
    if (table.get(key) != null || now == null) {
      return Future.succeededFuture();
    }
    StreamPosition position = progress.applied();
    return now.compose(route, inputs)
        .map(
            composition -> {
              if (composition.incomplete() == null) {
                install(
                    new StoredView(
                        key,
                        route,
                        inputs,
                        tags,
                        composition.body(),
                        position,
                        System.currentTimeMillis()),
                    true);
              }
              return (Void) null;
            })
        .otherwiseEmpty();
  }

  /** Recomposes every view of {@code route} this process holds. */
  public int rebuild(String route) {
    int requested = 0;
    for (LocalView view : table.all()) {
      if (view.view().route().equals(route)) {
        refreshes.request(view.view().key());
        requested++;
      }
    }
    return requested;
  }

  /** Per route: how many views, how many stale and the longest stale; then the consumer. */
  public JsonObject describe() {
    long now = System.nanoTime();
    Map<String, JsonObject> routes = new TreeMap<>();
    for (LocalView view : table.all()) {
      JsonObject route =
          routes.computeIfAbsent(
              view.view().route(),
              r ->
                  new JsonObject()
                      .put("route", r)
                      .put("views", 0)
                      .put("stale", 0)
                      .put("longestStaleMillis", 0L));
      route.put("views", route.getInteger("views") + 1);
      if (view.stale()) {
        route.put("stale", route.getInteger("stale") + 1);
        route.put(
            "longestStaleMillis",
            Math.max(route.getLong("longestStaleMillis"), view.staleForNanos(now) / 1_000_000));
      }
    }
    return new JsonObject()
        .put("routes", new JsonArray(List.copyOf(routes.values())))
        .put("refreshesQueued", refreshes.queued())
        .put("refreshesRunning", refreshes.running());
  }

  /** One background recomposition: true when the key's view is fresh after it (or gone). */
  private Future<Boolean> refresh(String key) {
    LocalView held = table.get(key);
    Composer now = composer;
    if (held == null || now == null) {
      return Future.succeededFuture(held == null);
    }
    StoredView old = held.view();
    // every event applied before the composition begins is reflected in it: the services wrote
    // before they announced; those marked but still being applied are too
    StreamPosition position =
        held.stale()
            ? StreamPosition.later(progress.applied(), held.staleAt())
            : progress.applied();
    long started = System.nanoTime();
    return now.compose(old.route(), old.inputs())
        .map(
            composition -> {
              long took = System.nanoTime() - started;
              if (composition.incomplete() != null) {
                observer.refreshed(old.route(), "incomplete", took);
                return false; // the old version stays, marked stale, and is tried again
              }
              observer.refreshed(old.route(), "fresh", took);
              LocalView installed =
                  install(
                      new StoredView(
                          key,
                          old.route(),
                          old.inputs(),
                          old.tags(),
                          composition.body(),
                          position,
                          System.currentTimeMillis()),
                      true);
              if (!installed.stale() && held.stale()) {
                observer.caughtUp(
                    old.route(), System.currentTimeMillis() - held.staleAt().millis());
              }
              return !installed.stale();
            })
        .otherwise(
            failed -> {
              observer.refreshed(old.route(), "failed", System.nanoTime() - started);
              return false;
            });
  }

  public void close() {
    store.close();
  }
}
