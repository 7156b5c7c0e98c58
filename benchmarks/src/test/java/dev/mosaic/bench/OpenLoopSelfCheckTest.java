package dev.mosaic.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.bench.load.HttpTarget;
import dev.mosaic.bench.load.LoadResult;
import dev.mosaic.bench.load.OpenLoopLoad;
import dev.mosaic.stubs.StubCluster;
import dev.mosaic.stubs.StubsConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Proves the generator is free of coordinated omission: a stub pauses for 1 s in the middle of a
 * constant-rate run. Requests keep being sent on schedule during the pause, and each one's latency
 * counts from its due time, so the requests due during the pause wait between ~1 s (due at its
 * start) and ~0 s (due at its end): about rate × 0.5 s samples must be ≥ 500 ms and the maximum
 * must be about 1 s. A closed-loop generator would record only one slow sample per connection.
 */
class OpenLoopSelfCheckTest {

  @Test
  void aOneSecondPauseShowsUpAsRateTimesPauseSlowSamples() throws Exception {
    Vertx vertx = Vertx.vertx();
    StubCluster stubs =
        StubCluster.start(vertx, StubsConfig.embedded().onFreePorts().withoutLatency())
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    int rate = 200;
    try (OpenLoopLoad load = new OpenLoopLoad()) {
      HttpTarget target = HttpTarget.of(stubs.service("catalog").url() + "/products/{id}");
      load.run(target, rate, Duration.ofSeconds(1)); // connections open, JIT warm
      // the same run without a pause: what a loaded machine alone makes slow, so the bounds
      // below hold on a busy CI host without hiding a generator that omits samples
      LoadResult baseline = load.run(target, rate, Duration.ofSeconds(3));
      long baselineSlow =
          baseline
              .latency()
              .getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(500), Long.MAX_VALUE);
      vertx.setTimer(1_000, id -> stubs.service("catalog").behaviour().pause(1_000));
      LoadResult result = load.run(target, rate, Duration.ofSeconds(3));

      assertEquals(0, result.failed(), "errors " + result.errors());
      assertEquals(rate * 3, result.ok());
      long slow =
          result
              .latency()
              .getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(500), Long.MAX_VALUE);
      double expected = rate * 0.5;
      // the lower bound is the point (a closed loop would record about one slow sample per
      // connection); the upper one catches a generator timing from the run's start (~500 here).
      // Between them, a busy machine's backlog after the pause may add slow samples.
      assertTrue(
          slow >= expected * 0.7 && slow <= expected * 3 + baselineSlow,
          slow
              + " samples ≥ 500 ms; expected ≈ "
              + expected
              + " (rate × the slower half of the pause); a run without a pause had "
              + baselineSlow);
      long overPause =
          result
              .latency()
              .getCountBetweenValues(TimeUnit.MILLISECONDS.toNanos(900), Long.MAX_VALUE);
      assertTrue(
          overPause >= rate * 0.05,
          overPause + " samples ≥ 900 ms: the requests due as the pause began");
      assertTrue(
          result.maxMillis() >= 950 && result.maxMillis() < 1_500 + baseline.maxMillis(),
          "max " + result.maxMillis() + " ms (without the pause: " + baseline.maxMillis() + " ms)");
    } finally {
      stubs
          .close()
          .compose(v -> vertx.close())
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
  }
}
