package dev.mosaic.gateway.redis;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether a Redis is taken to be down, so that the request path stops sending to it for a while
 * instead of paying a failed connect or a whole read budget on every request.
 *
 * <p>Down after a failed connect, or after {@link #STRIKES} replies in a row that failed or ran
 * past their budget with none answered in between: one late reply is a busy Redis, a run of them
 * with nothing answered is a silent one. A rest starts at {@link #FIRST_REST_NANOS} and doubles up
 * to {@link #LONGEST_REST_NANOS} while the probe after each rest fails; any reply ends it. State is
 * shared by every event loop: plain volatile fields, where a lost update costs one extra probe.
 */
final class Outage {

  static final int STRIKES = 3;
  static final long FIRST_REST_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  static final long LONGEST_REST_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final LongSupplier nanoClock;
  private volatile int strikes;
  private volatile long rest = FIRST_REST_NANOS;
  private volatile long restingUntil;
  private volatile boolean resting;

  Outage(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** True while commands should not be sent: the caller decides without Redis. */
  boolean resting() {
    return resting && nanoClock.getAsLong() - restingUntil < 0;
  }

  /** A reply came: Redis answers, whatever it said. */
  void answered() {
    if (strikes != 0 || resting) { // reads first: the common case writes nothing
      strikes = 0;
      resting = false;
      rest = FIRST_REST_NANOS;
    }
  }

  /**
   * A command failed or ran past its budget.
   *
   * @return true when this strike starts a rest (the caller drops its connections)
   */
  boolean struck() {
    int now = strikes + 1;
    strikes = now;
    // after a rest, one strike is enough: the probe found it still down
    return (resting || now >= STRIKES) && rest();
  }

  /** A connect failed: nothing is listening, or nothing reachable; rest at once. */
  void unreachable() {
    rest();
  }

  private boolean rest() {
    if (resting()) {
      return false;
    }
    long length = resting ? Math.min(rest * 2, LONGEST_REST_NANOS) : rest;
    rest = length;
    restingUntil = nanoClock.getAsLong() + length;
    resting = true;
    strikes = 0;
    return true;
  }
}
