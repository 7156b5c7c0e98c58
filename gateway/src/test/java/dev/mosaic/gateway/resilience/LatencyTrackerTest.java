package dev.mosaic.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.time.ManualClock;
import org.junit.jupiter.api.Test;

/** The percentile behind hedging, with time driven by the test. */
class LatencyTrackerTest {

  private static final long MS = 1_000_000;
  private final ManualClock clock = new ManualClock();
  private final LatencyTracker tracker = new LatencyTracker(new double[] {50, 90}, clock);

  @Test
  void nothingUntilEnoughAnswersThenThePercentiles() {
    for (int i = 1; i <= 19; i++) {
      tracker.record(i * MS);
    }
    clock.advanceMillis(1000);
    assertEquals(-1, tracker.percentileNanos(90), "19 answers are too few");
    tracker.record(20 * MS);
    clock.advanceMillis(1000);
    long p90 = tracker.percentileNanos(90);
    assertTrue(Math.abs(p90 - 18 * MS) <= MS, "p90 of 1..20ms: " + p90);
    assertTrue(Math.abs(tracker.percentileNanos(50) - 10 * MS) <= MS);
  }

  @Test
  void aQuietServiceAccumulatesAcrossIntervals() {
    for (int second = 0; second < 4; second++) {
      for (int i = 0; i < 5; i++) {
        tracker.record(7 * MS);
      }
      clock.advanceMillis(1000);
      tracker.percentileNanos(90);
    }
    assertTrue(
        Math.abs(tracker.percentileNanos(90) - 7 * MS) <= MS / 10, "20 answers over four seconds");
  }

  @Test
  void valuesGoStaleWhenAnswersStop() {
    for (int i = 0; i < 20; i++) {
      tracker.record(7 * MS);
    }
    clock.advanceMillis(1000);
    assertTrue(tracker.percentileNanos(90) > 0);
    clock.advanceMillis(LatencyTracker.MAX_AGE_INTERVALS * 1000L);
    assertEquals(-1, tracker.percentileNanos(90), "no hedging on old data");
  }
}
