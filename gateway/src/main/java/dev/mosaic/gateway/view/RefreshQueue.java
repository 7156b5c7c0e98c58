package dev.mosaic.gateway.view;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs views' background recompositions: a burst of events for one key makes one refresh (and one
 * more if events arrive while it runs, for what that one may have missed, started no sooner than
 * {@link #MIN_INTERVAL_MILLIS} after the last began), at most {@code concurrency} run at once, and
 * a refresh that could not complete (a degraded or failed composition) is tried again later,
 * waiting longer each time up to {@link #MAX_RETRY_MILLIS}. Readers that need a key's next version
 * wait for it here. Safe from any thread.
 */
final class RefreshQueue {

  static final long FIRST_RETRY_MILLIS = 250;
  static final long MAX_RETRY_MILLIS = 30_000;

  /**
   * Between two refreshes of one key while its events keep coming: a steady stream of changes to
   * one product costs at most 50 compositions a second, and a lone event is not delayed at all.
   */
  static final long MIN_INTERVAL_MILLIS = 20;

  private static final class State {
    boolean queued;
    boolean running;
    boolean delayed;
    boolean again;
    long retryMillis;
    long startedNanos;
    List<Waiter> waiters = new ArrayList<>();
  }

  private record Waiter(Promise<Boolean> promise, Context context) {}

  private final Vertx vertx;
  private final int concurrency;

  /** Completes with true when the key's view is fresh again, false to be tried later. */
  private final Function<String, Future<Boolean>> refresh;

  private final Map<String, State> states = new HashMap<>();
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private int running;

  /**
   * Whether a thread is starting refreshes: a refresh that completes at once (its view is gone)
   * finishes inside {@link #pump}, whose loop then starts the next, rather than nesting a pump per
   * refresh on the stack.
   */
  private boolean pumping;

  RefreshQueue(Vertx vertx, int concurrency, Function<String, Future<Boolean>> refresh) {
    this.vertx = vertx;
    this.concurrency = concurrency;
    this.refresh = refresh;
  }

  /** Asks for a refresh of {@code key}: queued once however often it is asked. */
  void request(String key) {
    synchronized (this) {
      State state = states.computeIfAbsent(key, k -> new State());
      if (state.running) {
        state.again = true;
      } else if (!state.queued && !state.delayed) {
        state.queued = true;
        queue.add(key);
      } // a delayed one (a retry, or a burst's next refresh) starts when its timer says
    }
    pump();
  }

  /**
   * Completes on {@code context} when the refresh queued or running for {@code key} ends: true if
   * it made the view fresh; false at once when none is due.
   */
  Future<Boolean> whenRefreshed(String key, Context context) {
    Promise<Boolean> promise = Promise.promise();
    synchronized (this) {
      State state = states.get(key);
      if (state == null) {
        return Future.succeededFuture(false);
      }
      state.waiters.add(new Waiter(promise, context));
    }
    return promise.future();
  }

  synchronized int queued() {
    return queue.size();
  }

  synchronized int running() {
    return running;
  }

  private void pump() {
    synchronized (this) {
      if (pumping) {
        return; // the pumping thread's loop sees what was queued: it checks under this lock
      }
      pumping = true;
    }
    while (true) {
      String key;
      synchronized (this) {
        if (running >= concurrency || queue.isEmpty()) {
          pumping = false;
          return;
        }
        key = queue.poll();
        State state = states.get(key);
        state.queued = false;
        state.running = true;
        state.startedNanos = System.nanoTime();
        running++;
      }
      Future<Boolean> done;
      try {
        done = refresh.apply(key);
      } catch (RuntimeException e) {
        done = Future.succeededFuture(false);
      }
      done.onComplete(outcome -> finished(key, outcome.succeeded() && outcome.result()));
    }
  }

  private void finished(String key, boolean fresh) {
    List<Waiter> told;
    long retryIn = -1;
    synchronized (this) {
      running--;
      State state = states.get(key);
      told = state.waiters;
      state.waiters = new ArrayList<>();
      state.running = false;
      if (state.again) {
        state.again = false;
        long sinceStartMillis = (System.nanoTime() - state.startedNanos) / 1_000_000;
        if (sinceStartMillis >= MIN_INTERVAL_MILLIS) {
          state.queued = true;
          queue.add(key);
        } else {
          retryIn = Math.max(1, MIN_INTERVAL_MILLIS - sinceStartMillis);
        }
      } else if (!fresh) {
        state.retryMillis =
            state.retryMillis == 0
                ? FIRST_RETRY_MILLIS
                : Math.min(MAX_RETRY_MILLIS, state.retryMillis * 2);
        retryIn = state.retryMillis;
      } else {
        states.remove(key);
      }
      if (retryIn > 0) {
        state.delayed = true;
      }
    }
    for (Waiter waiter : told) {
      waiter.context().runOnContext(v -> waiter.promise().tryComplete(fresh));
    }
    if (retryIn > 0) {
      vertx.setTimer(
          retryIn,
          id -> {
            synchronized (this) {
              State state = states.get(key);
              if (state == null) {
                return;
              }
              state.delayed = false;
              if (state.running || state.queued) {
                return;
              }
              state.queued = true;
              queue.add(key);
            }
            pump();
          });
    }
    pump();
  }
}
