package dev.mosaic.gateway.time;

/** Schedules actions for later on the caller's event loop, cheaply enough to do per request. */
public interface Timeouts {

  /** A scheduled action; cancelling is O(1) and safe after it ran. */
  interface Timeout {
    void cancel();
  }

  Timeout schedule(long delayNanos, Runnable action);
}
