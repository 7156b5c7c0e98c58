package dev.mosaic.gateway.time;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;

/**
 * A hashed timing wheel for one event loop: every request's time limits (its calls, its deadline, a
 * passthrough's idle body) are entries in slots of {@link #TICK_MILLIS}, swept by one periodic
 * Vert.x timer, so scheduling and cancelling cost O(1) and no heap.
 *
 * <p>Why not a Vert.x timer per request: each one is a task in Netty's scheduled-task heap, and at
 * 18k passthrough requests/s on 2 cores the heap's sift-downs were 15% of the gateway's CPU
 * samples; taking the two per-request timers out of the passthrough path doubled its throughput
 * (18.5k → 36.8k req/s). The price is resolution: an action runs up to one tick late, never early.
 * The tick is 1 ms: at 5 ms a 50 ms call timeout fired at up to 55 ms, which used the whole of the
 * hung-service budget (benchmark S7). The sweep runs only while the wheel holds entries: an idle
 * gateway ticking a thousand times a second per loop burned 4% of a core doing nothing.
 *
 * <p>Not thread-safe by design: create one per event loop and use it only from that loop.
 */
public final class TimeoutWheel implements Timeouts, AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TimeoutWheel.class);

  public static final long TICK_MILLIS = 1;
  private static final long TICK_NANOS = TICK_MILLIS * 1_000_000;
  private static final int SLOTS = 2048; // one revolution: 2.048 s; longer limits wait extra rounds

  private final Vertx vertx;

  /** The sweeping timer while there are entries, else -1. */
  private long periodic = -1;

  /** Entries in the slots, cancelled ones included until their slot is swept. */
  private int entries;

  private boolean closed;

  @SuppressWarnings({"unchecked", "rawtypes"}) // Java has no generic array creation
  private final ArrayDeque<Entry>[] slots = new ArrayDeque[SLOTS];

  private long tick;
  private final long startNanos = System.nanoTime();

  private static final class Entry implements Timeout {
    final long deadline;
    Runnable action;

    Entry(long deadline, Runnable action) {
      this.deadline = deadline;
      this.action = action;
    }

    @Override
    public void cancel() {
      action = null; // dropped when its slot is next swept
    }
  }

  /** Must be created on the event loop that will use it: the sweep runs there. */
  public TimeoutWheel(Vertx vertx) {
    this.vertx = vertx;
    for (int i = 0; i < SLOTS; i++) {
      slots[i] = new ArrayDeque<>();
    }
  }

  @Override
  public Timeout schedule(long delayNanos, Runnable action) {
    long deadline = System.nanoTime() + Math.max(0, delayNanos);
    Entry entry = new Entry(deadline, action);
    if (periodic < 0 && !closed) {
      // idle until now: the wheel is empty, so its position can jump to the present
      tick = Math.max(tick, (System.nanoTime() - startNanos) / TICK_NANOS);
      periodic = vertx.setPeriodic(TICK_MILLIS, id -> sweep());
    }
    long dueTick = Math.max(tick + 1, (deadline - startNanos + TICK_NANOS - 1) / TICK_NANOS);
    slots[(int) (dueTick % SLOTS)].addLast(entry);
    entries++;
    return entry;
  }

  /** Whether the sweep is running: only while there are entries. */
  boolean ticking() {
    return periodic >= 0;
  }

  private void sweep() {
    long now = System.nanoTime();
    long target = (now - startNanos) / TICK_NANOS;
    while (tick < target) {
      tick++;
      ArrayDeque<Entry> slot = slots[(int) (tick % SLOTS)];
      for (int n = slot.size(); n > 0; n--) {
        Entry entry = slot.pollFirst();
        Runnable action = entry.action;
        if (action == null) {
          entries--;
          continue;
        }
        if (entry.deadline <= now) {
          entry.action = null;
          entries--;
          try {
            action.run();
          } catch (RuntimeException e) {
            // one failing action must not leave the rest of its slot for another revolution
            LOG.error("a timeout action failed", e);
          }
        } else {
          slot.addLast(entry); // a later round of the wheel
        }
      }
    }
    if (entries == 0 && periodic >= 0) {
      vertx.cancelTimer(periodic);
      periodic = -1;
    }
  }

  @Override
  public void close() {
    closed = true;
    if (periodic >= 0) {
      vertx.cancelTimer(periodic);
      periodic = -1;
    }
  }
}
