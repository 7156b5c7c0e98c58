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
import java.util.concurrent.ExecutionException;
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
    client =
        vertx.createHttpClient(
            // idle connections are dropped by the generator well before the servers' 60 s idle
            // timeout: otherwise a request can take a pooled connection the server is closing at
            // that moment, and the race shows up as a "reset" that no server caused
            new HttpClientOptions()
                .setKeepAlive(true)
                .setKeepAliveTimeout(20)
                .setTcpNoDelay(true)
                .setConnectTimeout(2_000),
            new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
    context = vertx.getOrCreateContext();
  }

  /** Sends {@code rate} requests per second for {@code duration} and waits for every answer. */
  public LoadResult run(HttpTarget target, int rate, Duration duration)
      throws InterruptedException {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    Map<String, Long> errors = new HashMap<>();
    AtomicLong ok = new AtomicLong();
    Sent sent =
        drive(
            target,
            rate,
            duration,
            null,
            (n, due, latency, status, header, failure) -> {
              if (failure == null && status < 400) {
                histogram.recordValue(latency);
                ok.incrementAndGet();
              } else {
                errors.merge(kind(failure == null ? status : null, failure), 1L, Long::sum);
              }
            });
    Map<String, Long> errorCopy = new HashMap<>();
    Histogram latencyCopy = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    onLoop(
        () -> { // read the single-writer state on its own thread
          errorCopy.putAll(errors);
          latencyCopy.add(histogram);
          if (sent.unanswered() > 0) {
            errorCopy.merge("unfinished", sent.unanswered(), Long::sum);
          }
        });
    return new LoadResult(
        rate, duration.toNanos() / 1e9, sent.total(), ok.get(), errorCopy, latencyCopy);
  }

  /**
   * Like {@link #run} but keeps every request: when it was due, how long it took, its status and
   * the value of one response header (S7 reads each answer's Server-Timing to see which calls fell
   * back, and how fast).
   */
  public Trace trace(HttpTarget target, int rate, Duration duration, String header)
      throws InterruptedException {
    int total = (int) Math.max(1, Math.round(rate * (duration.toNanos() / 1e9)));
    long[] dues = new long[total];
    long[] latencies = new long[total];
    int[] statuses = new int[total];
    String[] headers = new String[total];
    String[] errors = new String[total];
    boolean[] answered = new boolean[total];
    java.util.Arrays.fill(latencies, -1);
    Sent sent =
        drive(
            target,
            rate,
            duration,
            header,
            (n, due, latency, status, value, failure) -> {
              int i = (int) n;
              answered[i] = true;
              dues[i] = due;
              statuses[i] = failure == null ? status : 0;
              headers[i] = value;
              if (failure == null && status < 400) {
                latencies[i] = latency;
              } else {
                errors[i] = kind(failure == null ? status : null, failure);
              }
            });
    onLoop(
        () -> { // a barrier: every write above happened on the loop, before this task
          for (int i = 0; i < total; i++) {
            if (!answered[i]) {
              dues[i] = sent.start() + Math.round(i * 1e9 / rate);
              errors[i] = "unfinished";
            }
          }
        });
    return new Trace(rate, sent.start(), dues, latencies, statuses, headers, errors);
  }

  /** How one request ended, reported on the generator's event loop. */
  private interface Answer {
    /**
     * @param failure null when an HTTP answer (any status) came back
     */
    void answered(
        long n, long dueNanos, long latencyNanos, int status, String header, Throwable failure);
  }

  /**
   * @param start the due time of request 0 ({@link System#nanoTime()})
   */
  private record Sent(long total, long start, long unanswered) {}

  /**
   * The open loop itself: request n is handed to the event loop at start + n/rate, whatever
   * happened to the ones before it. Returns once every request answered or the hard deadline
   * passed.
   */
  private Sent drive(HttpTarget target, int rate, Duration duration, String header, Answer answer)
      throws InterruptedException {
    long total = Math.max(1, Math.round(rate * (duration.toNanos() / 1e9)));
    double intervalNanos = 1e9 / rate;
    CountDownLatch answered = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, total));
    long start = System.nanoTime() + 1_000_000;
    Thread sender =
        new Thread(
            () -> {
              // Wake at each due time and hand every request due by now to the event loop in one
              // task: one hand-off per wake-up, not per request, so the generator keeps up at high
              // rates.
              long n = 0;
              while (n < total && !Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                long dueBy = Math.min(total, (long) Math.floor((now - start) / intervalNanos) + 1);
                if (dueBy <= n) {
                  LockSupport.parkNanos(start + Math.round(n * intervalNanos) - now);
                  continue;
                }
                long from = n;
                context.runOnContext(
                    v -> {
                      for (long i = from; i < dueBy; i++) {
                        send(
                            target,
                            i,
                            start + Math.round(i * intervalNanos),
                            header,
                            answer,
                            answered);
                      }
                    });
                n = dueBy;
              }
            },
            "open-loop-sender");
    sender.setDaemon(true);
    sender.start();
    long deadline = duration.toNanos() + REQUEST_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(5);
    boolean finished = answered.await(deadline, TimeUnit.NANOSECONDS);
    sender.interrupt();
    return new Sent(total, start, finished ? 0 : answered.getCount());
  }

  /** Runs {@code task} on the generator's event loop and waits for it. */
  private void onLoop(Runnable task) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    context.runOnContext(
        v -> {
          try {
            task.run();
          } finally {
            done.countDown();
          }
        });
    done.await(10, TimeUnit.SECONDS);
  }

  private void send(
      HttpTarget target, long n, long due, String header, Answer answer, CountDownLatch answered) {
    client
        .request(target.request(n).setTimeout(REQUEST_TIMEOUT.toMillis()))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response))
        .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(
            done -> {
              long latency = Math.max(0, System.nanoTime() - due);
              if (done.succeeded()) {
                HttpClientResponse response = done.result();
                answer.answered(
                    n,
                    due,
                    latency,
                    response.statusCode(),
                    header == null ? null : response.getHeader(header),
                    null);
              } else {
                answer.answered(n, due, latency, 0, null, done.cause());
              }
              answered.countDown();
            });
  }

  static String kind(Integer status, Throwable failure) {
    if (status != null) {
      return status >= 500 ? "http-5xx" : "http-4xx";
    }
    if (failure instanceof TimeoutException
        || failure.getClass().getSimpleName().contains("Timeout")) {
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
  public void close() throws ExecutionException, TimeoutException {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's thread was asked to stop: let it
    }
  }
}
