package dev.mosaic.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.time.ManualClock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The warning gate on a clock the test moves: first at once, then once per interval with the count.
 */
class ThrottledWarningTest {

  private final ManualClock clock = new ManualClock();
  private final ThrottledWarning warning = new ThrottledWarning(10, TimeUnit.SECONDS, clock);

  @Test
  void theFirstOccurrenceIsReportedAtOnce() {
    assertEquals(1, warning.occurred());
  }

  @Test
  void occurrencesWithinTheIntervalAreCountedNotReported() {
    warning.occurred();
    clock.advanceMillis(1_000);
    assertEquals(0, warning.occurred());
    clock.advanceMillis(8_999);
    assertEquals(0, warning.occurred());
  }

  @Test
  void theNextReportComesAfterTheIntervalAndCoversEverythingSinceTheLast() {
    warning.occurred();
    for (int i = 0; i < 4; i++) {
      clock.advanceMillis(2_000);
      assertEquals(0, warning.occurred());
    }
    clock.advanceMillis(2_000); // 10 s after the first report
    assertEquals(5, warning.occurred());
  }

  @Test
  void theIntervalCountsFromTheLastReportNotFromTheFirstOccurrence() {
    warning.occurred();
    clock.advanceMillis(60_000); // quiet for a minute
    assertEquals(1, warning.occurred());
    clock.advanceMillis(9_999);
    assertEquals(0, warning.occurred());
    clock.advanceMillis(1);
    assertEquals(2, warning.occurred());
  }

  @Test
  void itSaysItsIntervalInSeconds() {
    assertEquals(10, warning.intervalSeconds());
  }
}
