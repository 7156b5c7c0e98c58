package dev.mosaic.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.bench.load.HttpTarget;
import dev.mosaic.bench.load.OpenLoopLoad;
import dev.mosaic.bench.load.Trace;
import dev.mosaic.rules.plan.BreakerSettings;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * S7: one optional service hung. {@code GET /s7/{id}} is S2's fan-out with stock and reviews
 * optional; its reviews call goes to {@code s7_reviews} (config/bench/scenarios.yaml: a short
 * timeout and a circuit breaker, on the reviews stub).
 *
 * <ol>
 *   <li>a healthy open-loop baseline at {@link #RATE};
 *   <li>the same load again; {@link #LEAD} into it the reviews stub is told to hang (accept, never
 *       answer), the run goes on for the mode's {@code hungAfter}, and the stub is restored;
 *   <li>in a full run, once the breaker's openFor has passed and its probes have closed it again
 *       (under the same load), a second hang: the first one meets failure paths the gateway's JIT
 *       has never run, the second does not.
 * </ol>
 *
 * The stub is restored whatever happens.
 *
 * <p>The gateway is another process, so the breaker is watched from outside: every answer's
 * Server-Timing says how the reviews call ended and how long it took. A hung call falls back after
 * its timeout (≈ 50 ms); once the breaker is open it falls back at once. The breaker opened at the
 * first request of a run of fast fallbacks; requests due before that (and after the hang) are the
 * pre-open phase, the rest the post-open phase. The stub's own request counter and arrival times
 * confirm that no call reached it after the open.
 *
 * <p>The rate is fixed rather than a share of a measured saturation, so S7 can run on its own
 * ({@code benchmarks/run.sh --only S7}) and runs compare: 1000 req/s is ~8% of S2's saturation on
 * the 2-core benchmark machine, where S2's p99 is still ~1 ms.
 */
final class HungOptional {

  static final Scenario SCENARIO =
      new Scenario(
          "S7", "one optional service hung", Scenario.Target.GATEWAY, "/s7/{id}", 3, false);
  static final int RATE = 1000;

  /** The S7 endpoint's call that is hung, as named in Server-Timing. */
  static final String CALL = "reviews";

  /** The stub that service points at (config/bench/stubs.yaml). */
  static final String STUB = "reviews";

  /** Healthy load in each hung run before the stub hangs. */
  static final Duration LEAD = Duration.ofSeconds(1);

  /**
   * This many fast fallbacks in a row (requests without a Server-Timing entry skipped) mean the
   * breaker is open.
   */
  static final int OPEN_RUN = 20;

  private static final String SERVER_TIMING = "Server-Timing";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HungOptional() {}

  /**
   * @param workDir where the raw trace goes (s7-trace.csv: every request of every run)
   */
  static HungOptionalResult run(
      Stack stack, OpenLoopLoad load, RunMode mode, Path root, Path workDir) throws Exception {
    CallPlan call = hungCall(root);
    BreakerSettings breaker = call.service().resilience().breaker();
    double timeoutMillis = call.timeout().toNanos() / 1e6;
    HttpTarget target = HttpTarget.of(stack.url(SCENARIO)).withIds(SCENARIO.ids());
    stack.stubLatency("0");
    stack.stubControl("DELETE", STUB, null); // configured behaviour, counters at zero
    StringBuilder csv =
        new StringBuilder("run,n,due_ms_after_hang,latency_ms,status,error,server_timing\n");
    try {
      Trace baseline = load.trace(target, RATE, mode.hungBaseline(), SERVER_TIMING);
      appendCsv(csv, "baseline", baseline, baseline.start());
      Map<String, Long> baselineErrors = new HashMap<>();
      Histogram base = histogram();
      long baselineFallbacks = 0;
      for (int i = 0; i < baseline.size(); i++) {
        count(baseline, i, base, baselineErrors);
        Seen seen = seen(baseline.headers()[i], timeoutMillis);
        baselineFallbacks += seen == Seen.FAST_FALLBACK || seen == Seen.TIMED_OUT ? 1 : 0;
      }
      List<HungOptionalResult.Episode> episodes = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      long openedAt = 0;
      for (int k = 0; k < mode.hungEpisodes(); k++) {
        if (k > 0) {
          // the breaker fails calls fast for openFor after it opened, then lets probes through,
          // which succeed now that the stub answers again: wait for that under the same load
          Duration left =
              Duration.ofNanos(
                  Math.max(0, openedAt + breaker.openFor().toNanos() - System.nanoTime()));
          Trace recovery = load.trace(target, RATE, left.plus(CLOSE_MARGIN), SERVER_TIMING);
          if (!closedAtEnd(recovery, timeoutMillis)) {
            notes.add(
                "the breaker had not closed "
                    + CLOSE_MARGIN.toSeconds()
                    + " s after its openFor: no "
                    + EPISODES[k]
                    + " was run");
            break;
          }
        }
        Hang hang = hang(stack, load, target, mode);
        HungOptionalResult.Episode episode =
            analyse(EPISODES[k], hang.fault(), hang.at(), timeoutMillis, hang.stub());
        episodes.add(episode);
        appendCsv(csv, "hang" + (k + 1), hang.fault(), hang.at());
        if (!episode.opened()) {
          break;
        }
        openedAt = hang.at() + Math.round(episode.openAfterMillis() * 1e6);
      }
      Files.createDirectories(workDir);
      Files.writeString(workDir.resolve("s7-trace.csv"), csv, StandardCharsets.UTF_8);
      return new HungOptionalResult(
          describe(call, timeoutMillis, mode),
          RATE,
          timeoutMillis,
          base,
          baselineErrors,
          baselineFallbacks,
          episodes,
          notes);
    } finally {
      stack.stubControl(
          "DELETE", STUB, null); // answering again; the hung requests were reset by the gateway
    }
  }

  static final String[] EPISODES = {"first hang", "second hang"};

  /** How long after openFor the breaker must have closed again before the second hang. */
  static final Duration CLOSE_MARGIN = Duration.ofSeconds(2);

  private record Hang(Trace fault, long at, StubView stub) {}

  /**
   * One open-loop run at {@link #RATE}; {@link #LEAD} into it the stub hangs; restored when it
   * ends.
   */
  private static Hang hang(Stack stack, OpenLoopLoad load, HttpTarget target, RunMode mode)
      throws Exception {
    FutureTask<Trace> run =
        new FutureTask<>(
            () -> load.trace(target, RATE, LEAD.plus(mode.hungAfter()), SERVER_TIMING));
    Thread runner = new Thread(run, "s7-load");
    runner.setDaemon(true);
    runner.start();
    Thread.sleep(LEAD.toMillis());
    long hangAt = System.nanoTime();
    long epochOffsetMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(hangAt);
    long callsAtHang =
        JSON.readTree(stack.stubControl("POST", STUB, "{\"hang\": true}"))
            .path("requests")
            .asLong();
    Trace fault;
    try {
      fault = run.get();
    } catch (ExecutionException e) {
      throw new IOException("S7's load run failed", e.getCause());
    }
    JsonNode stub = JSON.readTree(stack.stubControl("GET", STUB, null));
    stack.stubControl("DELETE", STUB, null); // answering again, counters at zero
    List<Long> arrivals = new ArrayList<>();
    stub.path("recent").forEach(r -> arrivals.add(r.path("at").asLong()));
    return new Hang(
        fault,
        hangAt,
        new StubView(stub.path("requests").asLong() - callsAtHang, arrivals, epochOffsetMillis));
  }

  /** Whether the last requests of a run all had their call answered: the breaker is closed. */
  static boolean closedAtEnd(Trace trace, double timeoutMillis) {
    int checked = 0;
    for (int i = trace.size() - 1; i >= 0 && checked < 100; i--, checked++) {
      if (seen(trace.headers()[i], timeoutMillis) != Seen.ANSWERED) {
        return false;
      }
    }
    return checked > 0;
  }

  /**
   * The hung call of the S7 endpoint as the gateway compiled it: its timeout and breaker are the
   * targets.
   */
  static CallPlan hungCall(Path root) throws Exception {
    GatewayPlan plan = PlanCompiler.compile(root.resolve("config/bench/scenarios.yaml"));
    EndpointPlan endpoint =
        plan.endpoints().stream()
            .filter(e -> e.route().equals("GET " + SCENARIO.path()))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("config/bench/scenarios.yaml has no S7 endpoint"));
    CallPlan call =
        endpoint.calls().stream()
            .filter(c -> c.name().equals(CALL))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("the S7 endpoint has no call named " + CALL));
    if (!call.optional() || call.service().resilience().breaker() == null) {
      throw new IllegalStateException(
          "S7's " + CALL + " call must be optional and its service have a circuit breaker");
    }
    return call;
  }

  private static String describe(CallPlan call, double timeoutMillis, RunMode mode) {
    BreakerSettings b = call.service().resilience().breaker();
    String trip =
        b.failures() > 0
            ? b.failures() + " failures"
            : Math.round(b.failureRate() * 100) + "% failures";
    String episodes = mode.hungEpisodes() == 1 ? "a run" : "two runs";
    return String.format(
        Locale.ROOT,
        "`GET %s` (S2's fan-out; stock and %s optional with fallbacks; %s → service"
            + " `%s`: timeout %.0f ms, circuit breaker %s (min %d calls) in %d s, open %d s) at %d req/s open loop,"
            + " stubs latency 0: a %d s healthy baseline, then %s of %d s in which the %s stub hangs (accepts, never"
            + " answers) %d s in, restored at the end%s",
        SCENARIO.path(),
        CALL,
        CALL,
        call.service().name(),
        timeoutMillis,
        trip,
        b.minCalls(),
        b.window().toSeconds(),
        b.openFor().toSeconds(),
        RATE,
        mode.hungBaseline().toSeconds(),
        episodes,
        LEAD.plus(mode.hungAfter()).toSeconds(),
        STUB,
        LEAD.toSeconds(),
        mode.hungEpisodes() == 1
            ? ""
            : ". The first hang meets failure paths the gateway's JIT has never run; the second comes once the"
                + " breaker has closed again (after its openFor, under the same load)");
  }

  /**
   * What the stub saw: its request counter's growth from the hang to the end, and the arrival times
   * (epoch ms) of its last {@code Behaviour.RECENT_LIMIT} requests; {@code epochOffsetMillis} turns
   * the runner's nanoTime into epoch ms.
   */
  record StubView(long counterAfterHang, List<Long> arrivals, long epochOffsetMillis) {

    /** Calls that arrived after the hang: from the arrival times when they reach back that far. */
    long callsAfterHang(long hangEpochMillis) {
      boolean complete = arrivals.stream().anyMatch(at -> at < hangEpochMillis);
      return complete
          ? arrivals.stream().filter(at -> at >= hangEpochMillis).count()
          : counterAfterHang;
    }
  }

  /** How the hung call ended in one answer, read from Server-Timing. */
  enum Seen {
    ANSWERED,
    FAST_FALLBACK,
    TIMED_OUT,
    OTHER
  }

  static HungOptionalResult.Episode analyse(
      String name, Trace fault, long hangAt, double timeoutMillis, StubView stub) {
    Map<String, Long> errors = new HashMap<>();
    Seen[] seen = new Seen[fault.size()];
    for (int i = 0; i < fault.size(); i++) {
      seen[i] = seen(fault.headers()[i], timeoutMillis);
    }
    int open = openIndex(fault, seen, hangAt);
    boolean openBefore = openBeforeHang(fault, seen, hangAt);
    long openedAt = open < 0 ? Long.MAX_VALUE : fault.dues()[open];
    Histogram pre = histogram();
    Histogram post = histogram();
    Histogram preSteady = histogram();
    Histogram postSettled = histogram();
    Histogram hungCall = histogram();
    long settle = Math.round(HungOptionalResult.SETTLE_MILLIS * 1e6);
    long before = 0;
    long late = 0;
    long early = 0;
    double[] at = new double[fault.size()];
    double[] latency = new double[fault.size()];
    int points = 0;
    for (int i = 0; i < fault.size(); i++) {
      long due = fault.dues()[i];
      if (fault.ok(i)) {
        at[points] = (due - hangAt) / 1e6;
        latency[points++] = fault.latencies()[i] / 1e6;
      }
      if (due < hangAt) {
        count(fault, i, null, errors); // the healthy lead-in: only its errors count
        continue;
      }
      boolean afterOpen = due >= openedAt;
      count(fault, i, afterOpen ? post : pre, errors);
      if (fault.ok(i)
          && (afterOpen
              ? due >= openedAt + settle
              : due >= hangAt + settle && due < openedAt - settle)) {
        (afterOpen ? postSettled : preSteady).recordValue(fault.latencies()[i]);
      }
      if (!afterOpen) {
        before++;
        early += seen[i] == Seen.FAST_FALLBACK ? 1 : 0;
        CallTiming timing = CallTiming.of(fault.headers()[i], CALL);
        if (seen[i] == Seen.TIMED_OUT && timing != null) {
          hungCall.recordValue(Math.round(timing.millis() * 1e6));
        }
      } else if (seen[i] == Seen.TIMED_OUT) {
        late++;
      }
    }
    double openAfter = open < 0 ? Double.NaN : (openedAt - hangAt) / 1e6;
    long afterOpen = -1;
    double lastVsOpen = Double.NaN;
    long hangEpoch = TimeUnit.NANOSECONDS.toMillis(hangAt) + stub.epochOffsetMillis();
    if (open >= 0 && !stub.arrivals().isEmpty()) {
      double openEpoch = openedAt / 1e6 + stub.epochOffsetMillis();
      afterOpen = stub.arrivals().stream().filter(t -> t > openEpoch + 5).count();
      long last = stub.arrivals().stream().mapToLong(Long::longValue).max().orElse(0);
      lastVsOpen = last >= hangEpoch ? last - openEpoch : Double.NaN;
    }
    return new HungOptionalResult.Episode(
        name,
        pre,
        post,
        errors,
        openAfter,
        openBefore,
        before,
        late,
        early,
        stub.callsAfterHang(hangEpoch),
        afterOpen,
        lastVsOpen,
        preSteady,
        postSettled,
        hungCall,
        java.util.Arrays.copyOf(at, points),
        java.util.Arrays.copyOf(latency, points));
  }

  /**
   * Whether the breaker was already open when the stub hung: the last requests before the hang fell
   * back at once. Then there is no pre-open phase and S7 measured nothing.
   */
  static boolean openBeforeHang(Trace fault, Seen[] seen, long hangAt) {
    int fast = 0;
    int seenBefore = 0;
    for (int i = seen.length - 1; i >= 0; i--) {
      if (fault.dues()[i] >= hangAt || seen[i] == Seen.OTHER) {
        continue;
      }
      if (seenBefore++ == OPEN_RUN) {
        break;
      }
      fast += seen[i] == Seen.FAST_FALLBACK ? 1 : 0;
    }
    return seenBefore > 0 && fast >= Math.min(seenBefore, OPEN_RUN);
  }

  /**
   * The first request after the hang that starts {@link #OPEN_RUN} fast fallbacks in a row: once
   * the breaker is open every call falls back at once, while a single fast failure before (a reset
   * connection) is not yet the breaker. -1 when it never opened.
   */
  static int openIndex(Trace fault, Seen[] seen, long hangAt) {
    int runStart = -1;
    int run = 0;
    for (int i = 0; i < seen.length; i++) {
      if (fault.dues()[i] < hangAt || seen[i] == Seen.OTHER) {
        continue;
      }
      if (seen[i] == Seen.FAST_FALLBACK) {
        if (run++ == 0) {
          runStart = i;
        }
        if (run >= OPEN_RUN) {
          return runStart;
        }
      } else {
        run = 0;
      }
    }
    return run > 0 ? runStart : -1; // a run cut short by the end of the trace still counts
  }

  private static void count(Trace trace, int i, Histogram into, Map<String, Long> errors) {
    if (!trace.ok(i)) {
      errors.merge(trace.errors()[i], 1L, Long::sum);
    } else if (into != null) {
      into.recordValue(trace.latencies()[i]);
    }
  }

  /** How the {@link #CALL} call ended according to one Server-Timing value. */
  static Seen seen(String serverTiming, double timeoutMillis) {
    CallTiming timing = CallTiming.of(serverTiming, CALL);
    if (timing == null) {
      return Seen.OTHER;
    }
    return switch (timing.label()) {
      case "ok" -> Seen.ANSWERED;
      case "fallback" -> timing.millis() < timeoutMillis / 2 ? Seen.FAST_FALLBACK : Seen.TIMED_OUT;
      case "timeout", "deadline" -> Seen.TIMED_OUT;
      default -> Seen.OTHER;
    };
  }

  /** One entry of a Server-Timing header: {@code name;desc="label";dur=12.34}. */
  record CallTiming(String label, double millis) {

    static CallTiming of(String header, String name) {
      if (header == null) {
        return null;
      }
      for (String entry : header.split(",")) {
        String[] parts = entry.trim().split(";");
        if (!parts[0].equals(name)) {
          continue;
        }
        String label = null;
        double millis = Double.NaN;
        for (int p = 1; p < parts.length; p++) {
          String part = parts[p].trim();
          if (part.startsWith("desc=")) {
            label = part.substring(5).replace("\"", "");
          } else if (part.startsWith("dur=")) {
            try {
              millis = Double.parseDouble(part.substring(4));
            } catch (NumberFormatException e) {
              return null;
            }
          }
        }
        return label == null || Double.isNaN(millis) ? null : new CallTiming(label, millis);
      }
      return null;
    }
  }

  /**
   * Every request of a run, for a closer look: due time relative to the hang, latency, outcome,
   * Server-Timing.
   */
  private static void appendCsv(StringBuilder csv, String run, Trace trace, long zero) {
    for (int i = 0; i < trace.size(); i++) {
      String header = trace.headers()[i];
      csv.append(
          String.format(
              Locale.ROOT,
              "%s,%d,%.3f,%.3f,%d,%s,\"%s\"%n",
              run,
              i,
              (trace.dues()[i] - zero) / 1e6,
              trace.latencies()[i] < 0 ? Double.NaN : trace.latencies()[i] / 1e6,
              trace.statuses()[i],
              trace.errors()[i] == null ? "" : trace.errors()[i],
              header == null ? "" : header.replace("\"", "\"\"")));
    }
  }

  private static Histogram histogram() {
    return new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
  }
}
