package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.time.Duration;
import java.util.Set;

/**
 * Reads a service's resilience keys (and a call's overrides) into typed settings. The schema has
 * checked shapes; the ranges and combinations are checked here so every message names the key and
 * its position: a nonsense setting is a config error, never a silent default.
 */
final class ResilienceReader {

  /** Methods RFC 9110 §9.2.2 calls idempotent: repeating them has the effect of sending once. */
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  private ResilienceReader() {}

  static Resilience service(Fields service, int instances, Duration timeout, Problems problems) {
    Balance balance =
        "least-in-flight".equals(service.string("balance", null))
            ? Balance.LEAST_IN_FLIGHT
            : Balance.ROUND_ROBIN;
    int maxInFlight = 0;
    if (service.node("maxInFlight") != null) {
      maxInFlight = service.atLeast("maxInFlight", 1, 0);
    }
    ConfigNode.MapNode retryNode = service.map("retry");
    RetrySettings retry = retryNode == null ? null : retry(new Fields(retryNode, problems));
    RetryBudget budget =
        retryNode == null ? RetryBudget.DEFAULT : budget(new Fields(retryNode, problems));
    ConfigNode.MapNode hedgeNode = service.map("hedge");
    HedgeSettings hedge = hedgeNode == null ? null : hedge(new Fields(hedgeNode, problems));
    ConfigNode.MapNode breakerNode = service.map("circuitBreaker");
    BreakerSettings breaker =
        breakerNode == null ? null : breaker(new Fields(breakerNode, problems));
    ConfigNode.MapNode ejectionNode = service.map("outlierEjection");
    EjectionSettings ejection =
        ejectionNode == null
            ? EjectionSettings.DEFAULT
            : ejection(new Fields(ejectionNode, problems));
    if (ejectionNode != null && instances < 2) {
      problems.add(
          ejectionNode.position(),
          "outlierEjection needs several urls: a service's only instance is" + " never ejected");
    }
    if (service.node("balance") != null && instances < 2) {
      problems.add(service.position("balance"), "balance needs several urls to choose from");
    }
    checkFitsIn(timeout, "the service's timeout", retryNode, retry, hedgeNode, hedge, problems);
    ConfigNode.MapNode warmupNode = service.map("warmup");
    WarmupSettings warmup = warmupNode == null ? null : warmup(new Fields(warmupNode, problems));
    return new Resilience(balance, breaker, maxInFlight, retry, budget, hedge, ejection, warmup);
  }

  /**
   * The retry and hedge settings a call uses: its own keys, else its service's, and neither unless
   * the call is idempotent. Asking a non-idempotent call to retry or hedge is an error, since the
   * service could apply it twice.
   */
  static CallResilience call(
      Fields call, String method, ServicePlan service, Duration timeout, Problems problems) {
    boolean idempotent = call.bool("idempotent", IDEMPOTENT.contains(method));
    ConfigNode.MapNode retryNode = call.map("retry");
    ConfigNode.MapNode hedgeNode = call.map("hedge");
    if (!idempotent) {
      String why =
          call.node("idempotent") != null
              ? "the call says idempotent: false"
              : method + " is not idempotent (say idempotent: true if repeating this call is safe)";
      if (retryNode != null) {
        problems.add(retryNode.position(), "retry on a call that must not be repeated: " + why);
      }
      if (hedgeNode != null) {
        problems.add(hedgeNode.position(), "hedge on a call that must not be repeated: " + why);
      }
      return CallResilience.NONE;
    }
    RetrySettings ownRetry = retryNode == null ? null : retry(new Fields(retryNode, problems));
    HedgeSettings ownHedge = hedgeNode == null ? null : hedge(new Fields(hedgeNode, problems));
    checkFitsIn(timeout, "the call's timeout", retryNode, ownRetry, hedgeNode, ownHedge, problems);
    RetrySettings retry = ownRetry != null ? ownRetry : service.resilience().retry();
    HedgeSettings hedge = ownHedge != null ? ownHedge : service.resilience().hedge();
    if (retry != null && retry.attempts() <= 1) {
      retry = null;
    }
    return new CallResilience(retry, hedge);
  }

  /**
   * A retry whose first backoff, or a hedge whose delay, outlasts the timeout could never happen.
   */
  private static void checkFitsIn(
      Duration timeout,
      String what,
      ConfigNode.MapNode retryNode,
      RetrySettings retry,
      ConfigNode.MapNode hedgeNode,
      HedgeSettings hedge,
      Problems problems) {
    if (retry != null
        && retry.attempts() > 1
        && retry.backoff().toNanos() / 2 >= timeout.toNanos()) {
      new Fields(retryNode, problems)
          .problem(
              "backoff",
              "a retry could never start: backoff "
                  + retry.backoff().toMillis()
                  + "ms waits at least half of that, which is not shorter than "
                  + what
                  + " ("
                  + timeout.toMillis()
                  + "ms)");
    }
    if (hedge != null && hedge.after() != null && hedge.after().compareTo(timeout) >= 0) {
      new Fields(hedgeNode, problems)
          .problem(
              "after",
              "a hedge could never be sent: after "
                  + hedge.after().toMillis()
                  + "ms is not shorter than "
                  + what
                  + " ("
                  + timeout.toMillis()
                  + "ms)");
    }
  }

  private static RetrySettings retry(Fields f) {
    int attempts =
        f.node("attempts") == null
            ? RetrySettings.DEFAULT_ATTEMPTS
            : f.between("attempts", 1, 10, 1);
    Duration backoff = f.duration("backoff", RetrySettings.DEFAULT_BACKOFF);
    Duration maxBackoff = f.duration("maxBackoff", RetrySettings.DEFAULT_MAX_BACKOFF);
    if (maxBackoff.compareTo(backoff) < 0) {
      f.problem(
          "maxBackoff",
          "maxBackoff ("
              + maxBackoff.toMillis()
              + "ms) is shorter than backoff ("
              + backoff.toMillis()
              + "ms)");
    }
    return new RetrySettings(attempts, backoff, maxBackoff);
  }

  private static RetryBudget budget(Fields f) {
    double share = f.percent("budget", RetryBudget.DEFAULT.share());
    double minPerSecond = RetryBudget.DEFAULT.minPerSecond();
    if (f.node("minPerSecond") != null) {
      minPerSecond = f.number("minPerSecond", minPerSecond);
      if (minPerSecond < 0 || minPerSecond > 10_000) {
        f.problem("minPerSecond", "minPerSecond must be between 0 and 10000");
        minPerSecond = RetryBudget.DEFAULT.minPerSecond();
      }
    }
    return new RetryBudget(share, minPerSecond);
  }

  private static HedgeSettings hedge(Fields f) {
    String after = f.string("after", "");
    Duration min = f.duration("min", HedgeSettings.DEFAULT_MIN);
    if (after.startsWith("p")) {
      double percentile = Double.parseDouble(after.substring(1)); // the schema's pattern holds
      if (percentile < 50 || percentile >= 100) {
        f.problem("after", "a hedge percentile must be between p50 and p99.99, not " + after);
        percentile = 95;
      }
      return new HedgeSettings(null, percentile, min);
    }
    if (f.node("min") != null) {
      f.problem("min", "min applies to a percentile (after: p95); after is a fixed delay here");
    }
    return new HedgeSettings(f.duration("after", Duration.ofMillis(50)), 0, min);
  }

  private static BreakerSettings breaker(Fields f) {
    boolean hasRate = f.node("failureRate") != null;
    int failures = f.node("failures") == null ? 0 : f.atLeast("failures", 1, 5);
    double rate =
        hasRate || failures == 0
            ? f.percent("failureRate", BreakerSettings.DEFAULT_FAILURE_RATE)
            : 0;
    if (hasRate && rate == 0) {
      f.problem("failureRate", "failureRate must be greater than 0%");
      rate = BreakerSettings.DEFAULT_FAILURE_RATE;
    }
    int defaultMinCalls = failures > 0 && !hasRate ? failures : BreakerSettings.DEFAULT_MIN_CALLS;
    int minCalls =
        f.node("minCalls") == null ? defaultMinCalls : f.atLeast("minCalls", 1, defaultMinCalls);
    if (failures > 0 && minCalls < failures && f.node("minCalls") != null) {
      f.problem(
          "minCalls",
          "minCalls ("
              + minCalls
              + ") is below failures ("
              + failures
              + "): the window"
              + " needs at least that many calls to see that many failures");
    }
    Duration window = f.duration("window", BreakerSettings.DEFAULT_WINDOW);
    if (window.toMillis() < 1000) {
      f.problem("window", "window must be at least 1s: it is counted in buckets of a tenth");
    }
    Duration openFor = f.duration("openFor", BreakerSettings.DEFAULT_OPEN_FOR);
    int probes =
        f.node("probes") == null
            ? BreakerSettings.DEFAULT_PROBES
            : f.between("probes", 1, 1000, BreakerSettings.DEFAULT_PROBES);
    return new BreakerSettings(rate, failures, minCalls, window, openFor, probes);
  }

  private static EjectionSettings ejection(Fields f) {
    EjectionSettings d = EjectionSettings.DEFAULT;
    int failures =
        f.node("failures") == null ? d.failures() : f.atLeast("failures", 1, d.failures());
    Duration ejectFor = f.duration("ejectFor", d.ejectFor());
    Duration maxEjectFor = f.duration("maxEjectFor", d.maxEjectFor());
    if (maxEjectFor.compareTo(ejectFor) < 0) {
      f.problem(
          "maxEjectFor",
          "maxEjectFor ("
              + maxEjectFor.toMillis()
              + "ms) is shorter than ejectFor ("
              + ejectFor.toMillis()
              + "ms)");
    }
    double maxEjected = f.percent("maxEjected", d.maxEjected());
    if (f.node("maxEjected") != null && maxEjected == 0) {
      f.problem(
          "maxEjected", "maxEjected of 0% never ejects anything; remove outlierEjection instead");
    }
    return new EjectionSettings(failures, ejectFor, maxEjectFor, maxEjected);
  }

  private static WarmupSettings warmup(Fields f) {
    int connections = f.node("connections") == null ? 1 : f.between("connections", 0, 1000, 1);
    return new WarmupSettings(
        f.string("path", "/health"),
        f.node("every") == null ? null : f.duration("every", null),
        connections);
  }
}
