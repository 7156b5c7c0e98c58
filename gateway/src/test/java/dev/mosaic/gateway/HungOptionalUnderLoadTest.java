package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hung optional service, 100 clients at once, and a machine kept busy by spinning threads: every
 * answer is a 200 with the fallback in place, none a 504, since only a required call still out at
 * the deadline may make one. Latency bounds are generous (the benchmark holds the tight ones).
 */
class HungOptionalUnderLoadTest {

  private static final int CLIENTS = 100;
  private static final long DEADLINE_MS = 400;

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0 }
      services:
        catalog: { urls: ["{catalog}"] }
        reviews: { urls: ["{reviews}"], timeout: 5s, circuitBreaker: { failures: 100000, openFor: 1s } }
      endpoints:
        GET /products/{id}:
          deadline: 400ms
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            reviews: { service: reviews, path: "/reviews?productId=${path.id}", optional: true, fallback: [] }
          response: { name: "${product.name}", reviews: "${$count(reviews)}" }
      """;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  /** 200s of the endpoint the gateway answered within 0.5 s (a bucket of its latency metric). */
  private static double answeredWithin500ms() throws Exception {
    return Scrape.parse(gw.admin("GET", "/metrics", null).body())
        .sum(
            "mosaic_endpoint_duration_seconds_bucket",
            "route",
            "/products/{id}",
            "status",
            "200",
            "le",
            "0.5");
  }

  @Test
  void everyAnswerDegradesInTimeAndNoneIsA504() throws Exception {
    // warm: the first answers also pay for class loading and JIT; and 100 at once leave 100 open
    // connections behind, so the timed round measures answers, not the client's connects
    for (int round = 0; round < 3; round++) {
      List<CompletableFuture<HttpResponse<String>>> warm = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        warm.add(gw.getAsync("/products/" + (i % 50 + 1)));
      }
      for (CompletableFuture<HttpResponse<String>> f : warm) {
        f.get(); // a cold JVM may miss the deadline here: warming is what this round is for
      }
    }
    gw.stub("reviews").behaviour().hang(true);
    AtomicBoolean spinning = new AtomicBoolean(true);
    List<Thread> hogs = new ArrayList<>();
    // one core's worth of busy work beside the gateway, its stubs and the 100 clients
    for (int i = 0; i < 1; i++) {
      Thread hog =
          new Thread(
              () -> {
                long x = 0;
                while (spinning.get()) {
                  x += System.nanoTime() % 7;
                }
                if (x == 42) {
                  System.out.print(""); // keeps the loop from being optimised away
                }
              },
              "cpu-hog-" + i);
      hog.setDaemon(true);
      hog.start();
      hogs.add(hog);
    }
    double answeredInTimeBefore = answeredWithin500ms();
    long[] millis = new long[CLIENTS];
    int[] statuses = new int[CLIENTS];
    try {
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      long[] sent = new long[CLIENTS];
      for (int i = 0; i < CLIENTS; i++) {
        sent[i] = System.nanoTime();
        final int client = i;
        answers.add(
            gw.getAsync("/products/" + (i % 50 + 1))
                .whenComplete(
                    (r, e) -> millis[client] = (System.nanoTime() - sent[client]) / 1_000_000));
      }
      for (int i = 0; i < CLIENTS; i++) {
        HttpResponse<String> response = answers.get(i).get();
        statuses[i] = response.statusCode();
        if (statuses[i] == 200) {
          assertEquals(
              "reviews",
              response.headers().firstValue("mosaic-degraded").orElse(""),
              "client " + i);
        }
      }
    } finally {
      spinning.set(false);
      for (Thread hog : hogs) {
        hog.join();
      }
    }
    int[] expected = new int[CLIENTS];
    Arrays.fill(expected, 200);
    assertEquals(Arrays.toString(expected), Arrays.toString(statuses), "every answer degraded");
    // the gateway's own clock, from a request's arrival to the end of its answer: the client's
    // side of a loaded machine (one selector thread for 100 answers) is not the gateway's to own
    assertEquals(
        CLIENTS,
        answeredWithin500ms() - answeredInTimeBefore,
        0.0,
        "every answer within the 400 ms deadline + 100 ms, as the gateway measured it");
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    String all = Arrays.toString(sorted);
    assertTrue(sorted[0] >= DEADLINE_MS * 95 / 100 - 5, "cut at the deadline, not sooner: " + all);
    assertTrue(sorted[CLIENTS - 1] <= DEADLINE_MS + 1000, "none far past the deadline: " + all);
  }
}
