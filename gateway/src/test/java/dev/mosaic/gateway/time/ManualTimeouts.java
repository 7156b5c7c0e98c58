package dev.mosaic.gateway.time;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A timeout wheel and a nanosecond clock that only move when the test says so: actions run, in the
 * order they fall due, inside {@link #advanceMillis}, exactly at their due time (the real wheel
 * runs them up to a tick late). Being the clock too, it is handed to the seams that read the time,
 * so "now" and "due" always agree. Single-threaded, like the loop it stands in for.
 */
public final class ManualTimeouts implements Timeouts, LongSupplier {

  private long now = TimeUnit.HOURS.toNanos(1);
  private long sequence;
  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
  private final List<Long> delays = new ArrayList<>();

  private final class Scheduled implements Timeout, Comparable<Scheduled> {
    final long due;
    final long order = sequence++;
    Runnable action;

    Scheduled(long due, Runnable action) {
      this.due = due;
      this.action = action;
    }

    @Override
    public void cancel() {
      action = null;
    }

    @Override
    public int compareTo(Scheduled other) {
      return due != other.due ? Long.compare(due, other.due) : Long.compare(order, other.order);
    }
  }

  @Override
  public Timeout schedule(long delayNanos, Runnable action) {
    delays.add(delayNanos);
    Scheduled scheduled = new Scheduled(now + Math.max(0, delayNanos), action);
    queue.add(scheduled);
    return scheduled;
  }

  @Override
  public long getAsLong() {
    return now;
  }

  public void advanceMillis(long millis) {
    advanceNanos(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Moves the clock, running each action due on the way at its own time. */
  public void advanceNanos(long nanos) {
    long target = now + nanos;
    while (!queue.isEmpty() && queue.peek().due <= target) {
      Scheduled next = queue.poll();
      now = Math.max(now, next.due);
      Runnable action = next.action;
      next.action = null;
      if (action != null) {
        action.run();
      }
    }
    now = target;
  }

  /**
   * Time passes and nothing runs, as when the loop was busy: what fell due runs late, at the next
   * {@link #advanceMillis}.
   */
  public void stallMillis(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** Actions scheduled and neither run nor cancelled. */
  public int pending() {
    return (int) queue.stream().filter(s -> s.action != null).count();
  }

  /** Every delay asked for, in order, cancelled ones included. */
  public List<Long> delaysNanos() {
    return List.copyOf(delays);
  }
}
