package dev.mosaic.gateway.event;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * How far this gateway has applied the event stream, read from every event loop: the last position
 * applied, whether it has caught up since it started, and how far behind it is now, in time and in
 * entries. Reads that carry a minimum version wait here for it, on their own loop.
 *
 * <p>Lag in time is measured from the oldest entry not yet applied (its id is its append time), or
 * from when the consumer lost its connection: while it waits on an empty stream it is 0.
 */
public final class ConsumerProgress {

  private record Waiter(StreamPosition position, Promise<Boolean> promise, Context context) {}

  private final LongSupplier wallMillis;
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private volatile StreamPosition applied = StreamPosition.ZERO;
  private volatile boolean caughtUpOnce;

  /** Wall time since when it is behind; 0 while it is caught up. */
  private volatile long behindSince;

  private volatile long lagEntries;

  public ConsumerProgress(LongSupplier wallMillis) {
    this.wallMillis = wallMillis;
    this.behindSince = wallMillis.getAsLong(); // nothing is applied before the first read
  }

  public StreamPosition applied() {
    return applied;
  }

  /** Whether it has caught up with the stream at least once since the process started. */
  public boolean ready() {
    return caughtUpOnce;
  }

  public long lagMillis() {
    long since = behindSince;
    return since == 0 ? 0 : Math.max(0, wallMillis.getAsLong() - since);
  }

  public long lagEntries() {
    return lagEntries;
  }

  /** Entries arrived; the first of them is the oldest not yet applied. */
  void behind(StreamPosition oldestUnapplied) {
    if (behindSince == 0) {
      behindSince = Math.min(wallMillis.getAsLong(), Math.max(1, oldestUnapplied.millis()));
    }
  }

  /** The connection broke: it is behind from now on until it has read the stream again. */
  void disconnected() {
    if (behindSince == 0) {
      behindSince = wallMillis.getAsLong();
    }
  }

  /** A read found nothing more: everything appended so far is applied. */
  void caughtUp() {
    behindSince = 0;
    lagEntries = 0;
    caughtUpOnce = true;
  }

  void lagEntries(long entries) {
    lagEntries = entries;
  }

  /** {@code position} and everything before it is applied. */
  void applied(StreamPosition position) {
    if (position.isAfter(applied)) {
      applied = position;
    }
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (!waiter.position().isAfter(position) && waiters.remove(waiter)) {
        waiter.context().runOnContext(v -> waiter.promise().tryComplete(true));
      }
    }
  }

  /**
   * Completes, on the caller's context, with true once {@code position} is applied, or with false
   * after {@code waitMillis}.
   */
  public Future<Boolean> awaitApplied(Vertx vertx, StreamPosition position, long waitMillis) {
    if (!position.isAfter(applied)) {
      return Future.succeededFuture(true);
    }
    if (waitMillis <= 0) {
      return Future.succeededFuture(false);
    }
    Context context = vertx.getOrCreateContext();
    Promise<Boolean> promise = Promise.promise();
    Waiter waiter = new Waiter(position, promise, context);
    waiters.add(waiter);
    if (!position.isAfter(applied)) { // applied between the check and the add
      waiters.remove(waiter);
      return Future.succeededFuture(true);
    }
    long timer =
        vertx.setTimer(
            waitMillis,
            id -> {
              if (waiters.remove(waiter)) {
                promise.tryComplete(false);
              }
            });
    return promise.future().andThen(done -> vertx.cancelTimer(timer));
  }
}
