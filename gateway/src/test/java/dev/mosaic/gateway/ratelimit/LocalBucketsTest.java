package dev.mosaic.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.time.ManualClock;
import dev.mosaic.rules.plan.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-process buckets on a clock the test moves: exact refills, separate clients, the bound. */
class LocalBucketsTest {

  private static final RateLimit TEN_PER_SECOND_BURST_3 =
      new RateLimit(10, 3, RateLimit.ClientKey.IP);

  private final ManualClock clock = new ManualClock();
  private final LocalBuckets buckets = new LocalBuckets(1000, clock);

  private int allowedOf(String key, int tries) {
    int allowed = 0;
    for (int i = 0; i < tries; i++) {
      if (buckets.take(key, TEN_PER_SECOND_BURST_3).allowed()) {
        allowed++;
      }
    }
    return allowed;
  }

  @Test
  void aRestedClientGetsTheBurstThenOneTokenPerInterval() {
    Decision first = buckets.take("a", TEN_PER_SECOND_BURST_3);
    assertEquals(
        new Decision(true, 3, 2, 0, 100_000_000),
        first,
        "one token used: full again in one interval");
    assertEquals(1, buckets.take("a", TEN_PER_SECOND_BURST_3).remaining());
    assertEquals(0, buckets.take("a", TEN_PER_SECOND_BURST_3).remaining());
    Decision refused = buckets.take("a", TEN_PER_SECOND_BURST_3);
    assertEquals(new Decision(false, 3, 0, 100_000_000, 300_000_000), refused);
    assertEquals(1, refused.retryAfterSeconds(), "rounded up to whole seconds");

    clock.advanceMillis(99);
    assertFalse(
        buckets.take("a", TEN_PER_SECOND_BURST_3).allowed(),
        "a millisecond short of the next token");
    clock.advanceMillis(1);
    assertEquals(1, allowedOf("a", 5), "exactly one token came back in 100ms");

    clock.advanceMillis(250);
    assertEquals(2, allowedOf("a", 5), "2.5 tokens: two whole ones");
    Decision half = buckets.take("a", TEN_PER_SECOND_BURST_3);
    assertEquals(50_000_000, half.retryAfterNanos(), "the half token left needs 50ms more");

    clock.advanceMillis(10_000);
    assertEquals(3, allowedOf("a", 10), "a long rest fills the bucket to its burst, no more");
  }

  @Test
  void aSteadyClientAtTheRateIsNeverRefused() {
    assertEquals(3, allowedOf("a", 3));
    for (int i = 0; i < 100; i++) {
      clock.advanceMillis(100);
      assertTrue(buckets.take("a", TEN_PER_SECOND_BURST_3).allowed(), "request " + i);
    }
    assertFalse(buckets.take("a", TEN_PER_SECOND_BURST_3).allowed());
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    assertEquals(3, allowedOf("a", 10));
    assertEquals(3, allowedOf("b", 10));
    clock.advanceMillis(200);
    assertEquals(2, allowedOf("a", 10));
    assertEquals(2, allowedOf("b", 10));
  }

  @Test
  void aFractionalRateCountsExactly() {
    RateLimit perTwoSeconds = new RateLimit(0.5, 1, RateLimit.ClientKey.IP);
    assertTrue(buckets.take("a", perTwoSeconds).allowed());
    Decision refused = buckets.take("a", perTwoSeconds);
    assertEquals(2, refused.retryAfterSeconds());
    clock.advanceMillis(1999);
    assertFalse(buckets.take("a", perTwoSeconds).allowed());
    clock.advanceMillis(1);
    assertTrue(buckets.take("a", perTwoSeconds).allowed());
  }

  @Test
  void aFloodOfClientsIsBoundedAndAnIdleFullBucketIsForgotten() {
    LocalBuckets small = new LocalBuckets(100, clock);
    for (int i = 0; i < 10_000; i++) {
      small.take("client-" + i, TEN_PER_SECOND_BURST_3);
    }
    assertTrue(small.size() <= 100, "at most maxClients buckets: " + small.size());

    LocalBuckets idle = new LocalBuckets(100, clock);
    idle.take("a", TEN_PER_SECOND_BURST_3);
    clock.advanceMillis(299);
    assertEquals(1, idle.size(), "not full yet: kept");
    clock.advanceMillis(3000); // Caffeine's timer wheel expires to about a second
    assertEquals(0, idle.size(), "full again after 300ms: nothing to remember");
  }

  @Test
  void concurrentTakesFromManyThreadsNeverExceedTheBurst() throws Exception {
    RateLimit big = new RateLimit(1, 1000, RateLimit.ClientKey.IP);
    AtomicInteger allowed = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 1000; i++) {
                  if (buckets.take("shared", big).allowed()) {
                    allowed.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertEquals(1000, allowed.get(), "4000 takes on a frozen clock: exactly the burst");
  }
}
