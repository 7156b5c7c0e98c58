package dev.mosaic.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway leaving a fleet under open-loop load: requests at a fixed rate, SIGTERM sent in the
 * middle of a run (requests in flight), the load going on while a load balancer would still send
 * (it notices readiness a probe period later), then stopping. Every request sent must be answered
 * 2xx: no reset, no refused connection, no 5xx. {@code DrainProbe URL HEALTH_URL PID RATE OUT.md};
 * run by benchmarks/drain.sh, which then waits for the process's exit status.
 */
public final class DrainProbe {

  private static final Duration BEFORE = Duration.ofSeconds(5);
  private static final Duration SIGNAL_AT = Duration.ofSeconds(4);
  // the signal comes 1 s before the end of BEFORE; AFTER ends ~3 s after it, within drainDelay (4
  // s)
  private static final Duration AFTER = Duration.ofSeconds(2);

  private DrainProbe() {}

  public static void main(String[] args) throws Exception {
    HttpTarget target = HttpTarget.of(args[0]);
    URI health = URI.create(args[1]);
    ProcessHandle gateway =
        ProcessHandle.of(Long.parseLong(args[2]))
            .orElseThrow(() -> new IllegalArgumentException("no process " + args[2]));
    int rate = Integer.parseInt(args[3]);
    HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    AtomicLong signalledAt = new AtomicLong();
    AtomicLong notReadyAfterMillis = new AtomicLong(-1);
    Thread signaller =
        new Thread(
            () -> {
              try {
                status(probe, health); // the probe's client is ready before the clock matters
                Thread.sleep(SIGNAL_AT.toMillis());
                signalledAt.set(System.nanoTime());
                gateway.destroy(); // SIGTERM
                while (notReadyAfterMillis.get() < 0) {
                  if (status(probe, health) == 503) {
                    notReadyAfterMillis.set((System.nanoTime() - signalledAt.get()) / 1_000_000);
                  }
                  Thread.sleep(10);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "signaller");
    LoadResult before;
    LoadResult after;
    try (OpenLoopLoad load = new OpenLoopLoad()) {
      load.run(target, rate, Duration.ofSeconds(5)); // warm-up: JIT, connections
      signaller.start();
      before = load.run(target, rate, BEFORE);
      after = load.run(target, rate, AFTER);
    }
    signaller.join(5_000);
    String report =
        String.format(
            Locale.ROOT,
            "# SIGTERM under open-loop load%n%n"
                + "%d req/s open loop; SIGTERM %d s into a %d s run (requests in flight), then %d s"
                + " more of load, ending ~3 s after the signal (drainDelay 4 s: a load balancer"
                + " still sends until it has seen readiness), then none.%n%n"
                + "| phase | sent | answered 2xx | errors | p99 ms | max ms |%n"
                + "|---|---:|---:|---|---:|---:|%n"
                + "| signal during it | %d | %d | %s | %.2f | %.2f |%n"
                + "| after the signal | %d | %d | %s | %.2f | %.2f |%n%n"
                + "Readiness said 503 %d ms after the signal.%n",
            rate,
            SIGNAL_AT.toSeconds(),
            BEFORE.toSeconds(),
            AFTER.toSeconds(),
            before.sent(),
            before.ok(),
            before.errors().isEmpty() ? "none" : before.errors().toString(),
            before.millis(99),
            before.maxMillis(),
            after.sent(),
            after.ok(),
            after.errors().isEmpty() ? "none" : after.errors().toString(),
            after.millis(99),
            after.maxMillis(),
            notReadyAfterMillis.get());
    Files.writeString(Path.of(args[4]), report, StandardCharsets.UTF_8);
    System.out.print(report);
    System.exit(before.failed() + after.failed() == 0 ? 0 : 1);
  }

  private static int status(HttpClient client, URI uri) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
