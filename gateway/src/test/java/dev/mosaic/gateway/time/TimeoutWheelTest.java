package dev.mosaic.gateway.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wheel sweeps only while it holds entries, keeps time across its idle spells and across
 * revolutions, and survives a failing action.
 */
class TimeoutWheelTest {

  private Vertx vertx;
  private Context loop;
  private TimeoutWheel wheel;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
    wheel = on(() -> new TimeoutWheel(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    on(
        () -> {
          wheel.close();
          return null;
        });
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anIdleWheelDoesNotTick() throws Exception {
    assertFalse(on(wheel::ticking), "no entries, no sweep");
    long fired = fire(20);
    assertTrue(fired >= 20, "never early: " + fired + " ms");
    assertFalse(on(wheel::ticking), "the sweep stopped with the last entry");
  }

  @Test
  void aCancelledEntryStopsTheSweepOnceItsSlotPasses() throws Exception {
    Timeouts.Timeout timeout =
        on(() -> wheel.schedule(TimeUnit.MILLISECONDS.toNanos(30), () -> {}));
    assertTrue(on(wheel::ticking));
    on(
        () -> {
          timeout.cancel();
          return null;
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (on(wheel::ticking) && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // polled from the test thread, never on the loop
    }
    assertFalse(on(wheel::ticking), "a cancelled entry is dropped when its slot comes round");
  }

  @Test
  void timeIsKeptAcrossIdleSpells() throws Exception {
    fire(5);
    vertx
        .timer(300)
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS); // the wheel idles
    long fired = fire(50);
    assertTrue(
        fired >= 50 && fired < 1000,
        "a limit set after an idle spell fires on time: " + fired + " ms");
    assertEquals(false, on(wheel::ticking));
  }

  @Test
  void aLimitLongerThanOneRevolutionWaitsItsExtraRound() throws Exception {
    // 2.048s per revolution: the entry's slot comes round after ~0.15s, and again at its time
    long fired = fire(2_200);
    assertTrue(fired >= 2_200, "never early, even past one revolution: " + fired + " ms");
  }

  @Test
  void aFailingActionDoesNotKeepTheRestOfItsSlotWaiting() throws Exception {
    CompletableFuture<Boolean> second = new CompletableFuture<>();
    on(
        () -> {
          wheel.schedule(
              TimeUnit.MILLISECONDS.toNanos(10),
              () -> {
                throw new IllegalStateException(
                    "a broken timeout action (logged on purpose by this test)");
              });
          return wheel.schedule(TimeUnit.MILLISECONDS.toNanos(10), () -> second.complete(true));
        });
    assertTrue(second.get(5, TimeUnit.SECONDS), "the next entry of the same slot ran on time");
  }

  /** Schedules an action {@code millis} ahead and returns how long it took to run, in ms. */
  private long fire(long millis) throws Exception {
    CompletableFuture<Long> ran = new CompletableFuture<>();
    AtomicLong scheduled = new AtomicLong();
    on(
        () -> {
          scheduled.set(System.nanoTime());
          return wheel.schedule(
              TimeUnit.MILLISECONDS.toNanos(millis),
              () ->
                  ran.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - scheduled.get())));
        });
    return ran.get(10, TimeUnit.SECONDS);
  }

  private <T> T on(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(
        v -> {
          try {
            result.complete(action.get());
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(10, TimeUnit.SECONDS);
  }
}
