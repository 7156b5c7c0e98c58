package dev.mosaic.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Open-loop latency probe: requests are sent at a constant rate whether or not earlier ones have
 * answered, and each latency is measured from the time the request was due, not the time it was
 * sent, so a stall shows up in the histogram instead of hiding (no coordinated omission).
 *
 * <p>{@code java -cp benchmarks.jar dev.mosaic.bench.LatencyProbe URL RATE SECONDS [WARMUP_SECONDS]}
 * where URL may contain {@code {id}}, replaced by 1..10000 in turn. Prints one line of results.
 */
public final class LatencyProbe {

  private LatencyProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: LatencyProbe URL RATE SECONDS [WARMUP_SECONDS]");
      System.exit(2);
    }
    String url = args[0];
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(100_000));
    try {
      run(vertx, client, url, rate, warmup, null).toCompletionStage().toCompletableFuture().get();
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
      Stats stats = run(vertx, client, url, rate, seconds, histogram).toCompletionStage().toCompletableFuture().get();
      System.out.printf(Locale.ROOT,
          "%s rate=%d/s achieved=%.0f/s n=%d errors=%d p50=%.3fms p90=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms%n",
          url, rate, stats.completed / (double) seconds, histogram.getTotalCount(), stats.errors,
          ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
          ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private record Stats(long completed, long errors) {}

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static Future<Stats> run(Vertx vertx, HttpClient client, String url, int rate, int seconds,
      Histogram histogram) {
    Promise<Stats> done = Promise.promise();
    long total = (long) rate * seconds;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    AtomicLong finished = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    vertx.runOnContext(v -> vertx.setPeriodic(1, id -> {
      long due = Math.min(total, (System.nanoTime() - start) / intervalNanos + 1);
      while (sent.get() < due) {
        long n = sent.getAndIncrement();
        long intended = start + n * intervalNanos;
        URI uri = URI.create(url.replace("{id}", Long.toString(1 + n % 10_000)));
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())).setTimeout(10_000))
            .compose(req -> req.send().compose(HttpClientResponse::body).map(body -> req))
            .onComplete(ar -> {
              if (ar.failed()) {
                errors.incrementAndGet();
              } else if (histogram != null) {
                histogram.recordValue(Math.max(0, System.nanoTime() - intended));
              }
              if (finished.incrementAndGet() == total) {
                done.tryComplete(new Stats(total - errors.get(), errors.get()));
              }
            });
      }
      if (sent.get() >= total) {
        vertx.cancelTimer(id);
      }
    }));
    return done.future();
  }
}
