package dev.mosaic.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.bench.load.LatencyMillis;
import dev.mosaic.bench.load.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S7's reading of a hung run, on made-up traces: which answers fell back at once, where the breaker
 * opened, and what lands in which phase.
 */
class HungOptionalTest {

  private static final long MS = 1_000_000;
  private static final double TIMEOUT = 50;

  @Test
  void readsTheCallsEntryOfServerTiming() {
    String header =
        "product;desc=\"ok\";dur=0.31, stock;desc=\"ok\";dur=0.29, reviews;desc=\"fallback\";dur=52.07";
    HungOptional.CallTiming reviews = HungOptional.CallTiming.of(header, "reviews");
    assertEquals("fallback", reviews.label());
    assertEquals(52.07, reviews.millis(), 1e-9);
    assertNull(HungOptional.CallTiming.of(header, "seller"));
    assertNull(HungOptional.CallTiming.of(null, "reviews"));
    assertEquals(HungOptional.Seen.TIMED_OUT, HungOptional.seen(header, TIMEOUT));
    assertEquals(
        HungOptional.Seen.FAST_FALLBACK,
        HungOptional.seen(header.replace("52.07", "0.02"), TIMEOUT));
    assertEquals(
        HungOptional.Seen.ANSWERED,
        HungOptional.seen(header.replace("\"fallback\"", "\"ok\""), TIMEOUT));
    assertEquals(
        HungOptional.Seen.OTHER, HungOptional.seen("product;desc=\"ok\";dur=0.31", TIMEOUT));
  }

  @Test
  void splitsAtTheFirstRunOfFastFallbacksAfterTheHang() {
    // 1 request per ms: healthy for 100 ms, hung (timeouts) for 60 ms with one stray fast fallback,
    // then the breaker's fast fallbacks
    Builder b = new Builder();
    for (int i = 0; i < 100; i++) {
      b.add(0.4, "ok", 0.1);
    }
    for (int i = 0; i < 60; i++) {
      b.add(i == 10 ? 0.5 : 55, "fallback", i == 10 ? 0.01 : 53);
    }
    for (int i = 0; i < 200; i++) {
      b.add(0.3, "fallback", 0.01);
    }
    b.add(-1, null, 0); // one 5xx after the open
    long hangAt = b.due(100);
    HungOptionalResult.Episode e =
        HungOptional.analyse(
            "first hang", b.trace(), hangAt, TIMEOUT, new HungOptional.StubView(60, List.of(), 0));

    assertTrue(e.opened());
    assertFalse(e.openBeforeHang());
    assertEquals(60, e.openAfterMillis(), 1e-6);
    assertEquals(60, e.requestsBeforeOpen());
    assertEquals(60, e.preOpen().getTotalCount());
    assertEquals(
        200, e.postOpen().getTotalCount()); // the failed one is counted as an error, not a latency
    assertEquals(1, e.earlyFastFallbacks());
    assertEquals(0, e.lateTimeouts());
    assertEquals(1, e.serverErrors());
    assertEquals(59, e.hungCall().getTotalCount());
    assertEquals(55, LatencyMillis.at(e.preOpen(), 99), 0.1);
    assertEquals(0.3, LatencyMillis.at(e.postOpen(), 99), 0.01);
    assertEquals(
        100, e.postOpenSettled().getTotalCount()); // the first 100 ms after the open left out
  }

  @Test
  void aBreakerAlreadyOpenBeforeTheHangIsCalledOut() {
    Builder b = new Builder();
    for (int i = 0; i < 300; i++) {
      b.add(0.3, "fallback", 0.01);
    }
    HungOptionalResult.Episode e =
        HungOptional.analyse(
            "first hang",
            b.trace(),
            b.due(100),
            TIMEOUT,
            new HungOptional.StubView(0, List.of(), 0));
    assertTrue(e.openBeforeHang());
    assertFalse(e.opened());
  }

  @Test
  void aBreakerThatNeverOpensLeavesEverythingInThePreOpenPhase() {
    Builder b = new Builder();
    for (int i = 0; i < 100; i++) {
      b.add(55, "fallback", 53);
    }
    HungOptionalResult.Episode e =
        HungOptional.analyse(
            "first hang",
            b.trace(),
            b.due(0),
            TIMEOUT,
            new HungOptional.StubView(100, List.of(), 0));
    assertFalse(e.opened());
    assertEquals(100, e.preOpen().getTotalCount());
    assertEquals(0, e.postOpen().getTotalCount());
  }

  /** Requests due 1 ms apart, each with its latency and the reviews call's Server-Timing entry. */
  private static final class Builder {
    private final List<Long> latencies = new ArrayList<>();
    private final List<String> headers = new ArrayList<>();

    /**
     * @param latencyMillis negative: the request failed with a 5xx
     */
    void add(double latencyMillis, String label, double callMillis) {
      latencies.add(latencyMillis < 0 ? -1 : Math.round(latencyMillis * MS));
      headers.add(
          label == null
              ? null
              : String.format(
                  java.util.Locale.ROOT,
                  "product;desc=\"ok\";dur=0.20, reviews;desc=\"%s\";dur=%.2f",
                  label,
                  callMillis));
    }

    long due(int i) {
      return 1_000 * MS + i * MS;
    }

    Trace trace() {
      int n = latencies.size();
      long[] dues = new long[n];
      long[] lat = new long[n];
      int[] statuses = new int[n];
      String[] errors = new String[n];
      for (int i = 0; i < n; i++) {
        dues[i] = due(i);
        lat[i] = latencies.get(i);
        statuses[i] = lat[i] < 0 ? 503 : 200;
        errors[i] = lat[i] < 0 ? "http-5xx" : null;
      }
      return new Trace(1000, due(0), dues, lat, statuses, headers.toArray(String[]::new), errors);
    }
  }
}
