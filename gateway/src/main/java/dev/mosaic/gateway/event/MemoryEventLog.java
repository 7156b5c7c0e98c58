package dev.mosaic.gateway.event;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The embedded default's event log: changes this process announces, applied in order on one context
 * of their own. Nothing outlives the process, and nothing another process writes reaches it (the
 * demo's single gateway needs neither).
 */
public final class MemoryEventLog implements EventLog {

  private final Vertx vertx;
  private final ConsumerProgress progress = new ConsumerProgress(System::currentTimeMillis);
  private final PositionClock clock = new PositionClock();
  private Context context;
  private EventApplier applier;

  /** The last application queued: the next one runs after it. */
  private Future<Void> tail = Future.succeededFuture();

  private int queued;

  public MemoryEventLog(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public synchronized Future<Void> start(EventApplier applier) {
    this.applier = applier;
    this.context = vertx.getOrCreateContext();
    progress.caughtUp();
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<StreamPosition> append(List<String> tags) {
    StreamPosition position = clock.next(System.currentTimeMillis());
    if (applier == null) {
      return Future.succeededFuture(position);
    }
    ChangeEvent event = new ChangeEvent(position, tags);
    progress.behind(position);
    queued++;
    Future<Void> previous = tail;
    tail =
        previous.transform(
            ignored -> {
              io.vertx.core.Promise<Void> applied = io.vertx.core.Promise.promise();
              context.runOnContext(v -> apply(event).onComplete(applied));
              return applied.future();
            });
    return Future.succeededFuture(position);
  }

  private Future<Void> apply(ChangeEvent event) {
    Future<Void> applied;
    try {
      applied = applier.apply(event);
    } catch (RuntimeException e) {
      applied = Future.failedFuture(e);
    }
    return applied.transform(
        done -> {
          synchronized (this) {
            queued--;
            progress.applied(event.position());
            if (queued == 0) {
              progress.caughtUp();
            }
          }
          return Future.succeededFuture();
        });
  }

  @Override
  public ConsumerProgress progress() {
    return progress;
  }

  @Override
  public JsonObject describe() {
    return new JsonObject()
        .put("store", "in-process")
        .put("applied", progress.applied().toString())
        .put("lagMillis", progress.lagMillis());
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
