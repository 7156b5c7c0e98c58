package dev.mosaic.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.PoolOptions;
import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load generator: request n is due at start + n/rate and is sent then, whether or not
 * earlier requests have answered; its latency is recorded from that due time. A slow answer
 * therefore cannot delay (and hide) the requests behind it — no coordinated omission.
 *
 * <p>A dedicated sender thread parks until each due time and hands the send to one event loop;
 * latencies are recorded on that event loop only, so the histogram has a single writer. Every
 * request has a timeout and every run a hard deadline: a run always ends.
 */
public final class OpenLoopLoad implements AutoCloseable {

  /** A request not answered within this counts as a timeout error. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final HttpClient client;
  private final Context context;

  public OpenLoopLoad() {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    client = vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setConnectTimeout(2_000),
        new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
    context = vertx.getOrCreateContext();
  }

  /** Sends {@code rate} requests per second for {@code duration} and waits for every answer. */
  public LoadResult run(HttpTarget target, int rate, Duration duration) throws InterruptedException {
    long total = Math.max(1, Math.round(rate * (duration.toNanos() / 1e9)));
    double intervalNanos = 1e9 / rate;
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    Map<String, Long> errors = new HashMap<>();
    AtomicLong ok = new AtomicLong();
    CountDownLatch answered = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, total));
    long start = System.nanoTime() + 1_000_000;
    Thread sender = new Thread(() -> {
      // Wake at each due time and hand every request due by now to the event loop in one task:
      // one hand-off per wake-up, not per request, so the generator keeps up at high rates.
      long n = 0;
      while (n < total && !Thread.currentThread().isInterrupted()) {
        long now = System.nanoTime();
        long dueBy = Math.min(total, (long) Math.floor((now - start) / intervalNanos) + 1);
        if (dueBy <= n) {
          LockSupport.parkNanos(start + Math.round(n * intervalNanos) - now);
          continue;
        }
        long from = n;
        context.runOnContext(v -> {
          for (long i = from; i < dueBy; i++) {
            send(target, i, start + Math.round(i * intervalNanos), histogram, errors, ok, answered);
          }
        });
        n = dueBy;
      }
    }, "open-loop-sender");
    sender.setDaemon(true);
    sender.start();
    long deadline = duration.toNanos() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
    boolean finished = answered.await(deadline, TimeUnit.NANOSECONDS);
    sender.interrupt();
    CountDownLatch snapshot = new CountDownLatch(1);
    Map<String, Long> errorCopy = new HashMap<>();
    Histogram latencyCopy = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    context.runOnContext(v -> { // read the single-writer state on its own thread
      errorCopy.putAll(errors);
      latencyCopy.add(histogram);
      if (!finished) {
        errorCopy.merge("unfinished", answered.getCount(), Long::sum);
      }
      snapshot.countDown();
    });
    snapshot.await(10, TimeUnit.SECONDS);
    return new LoadResult(rate, duration.toNanos() / 1e9, total, ok.get(), errorCopy, latencyCopy);
  }

  private void send(HttpTarget target, long n, long due, Histogram histogram, Map<String, Long> errors,
      AtomicLong ok, CountDownLatch answered) {
    client.request(target.request(n).setTimeout(REQUEST_TIMEOUT.toMillis()))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(done -> {
          if (done.succeeded() && done.result() < 400) {
            histogram.recordValue(Math.max(0, System.nanoTime() - due));
            ok.incrementAndGet();
          } else {
            errors.merge(kind(done.succeeded() ? done.result() : null, done.cause()), 1L, Long::sum);
          }
          answered.countDown();
        });
  }

  static String kind(Integer status, Throwable failure) {
    if (status != null) {
      return status >= 500 ? "http-5xx" : "http-4xx";
    }
    if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
      return "timeout";
    }
    if (failure instanceof ConnectException) {
      return "connect";
    }
    if (failure instanceof HttpClosedException) {
      return "reset";
    }
    return "other";
  }

  /** The client itself, for the closed-loop saturation probe that shares its connections. */
  HttpClient client() {
    return client;
  }

  Context context() {
    return context;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
