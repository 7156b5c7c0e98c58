package dev.mosaic.bench.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most a target answers per second: {@code concurrency} closed loops, each sending its next
 * request as soon as the last one answered. Closed-loop on purpose — this measures capacity, not
 * latency; latency is only ever measured open-loop ({@link OpenLoopLoad}).
 */
public final class Saturation {

  private Saturation() {}

  public static double measure(
      OpenLoopLoad load, HttpTarget target, int concurrency, Duration duration)
      throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong completed = new AtomicLong();
    AtomicLong next = new AtomicLong();
    CountDownLatch stopped = new CountDownLatch(concurrency);
    AtomicLong elapsed = new AtomicLong();
    long started = System.nanoTime();
    load.context()
        .runOnContext(
            v -> {
              load.context()
                  .owner()
                  .setTimer(
                      Math.max(1, duration.toMillis()),
                      id -> {
                        running.set(false);
                        elapsed.set(System.nanoTime() - started);
                      });
              for (int i = 0; i < concurrency; i++) {
                loop(load, target, running, completed, next, stopped);
              }
            });
    stopped.await(
        duration.toSeconds() + OpenLoopLoad.REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    return completed.get() / (Math.max(1, elapsed.get()) / 1e9);
  }

  private static void loop(
      OpenLoopLoad load,
      HttpTarget target,
      AtomicBoolean running,
      AtomicLong completed,
      AtomicLong next,
      CountDownLatch stopped) {
    if (!running.get()) {
      stopped.countDown();
      return;
    }
    load.client()
        .request(
            target
                .request(next.getAndIncrement())
                .setTimeout(OpenLoopLoad.REQUEST_TIMEOUT.toMillis()))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(
            done -> {
              if (done.succeeded() && done.result() < 400 && running.get()) {
                completed.incrementAndGet();
              }
              loop(load, target, running, completed, next, stopped);
            });
  }
}
