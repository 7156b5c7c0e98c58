package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The resilience keys of services and calls: what a valid config compiles to (defaults included),
 * and every nonsense setting rejected at the line and column of the value at fault.
 */
class ResilienceConfigTest {

  private static final String ENDPOINT =
      """
      endpoints:
        GET /p:
          calls: { a: { service: catalog, path: /p } }
      """;

  private static GatewayPlan compile(String yaml) throws ConfigException {
    return PlanCompiler.compile("t.yaml", yaml);
  }

  private static void rejects(String yaml, int line, int column, String... fragments) {
    List<ConfigProblem> found = assertThrows(ConfigException.class, () -> compile(yaml)).problems();
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), "expected one problem, got:\n" + all);
    assertEquals("t.yaml:" + line + ":" + column, found.get(0).position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(found.get(0).message().contains(fragment), "'" + fragment + "' not in: " + all);
    }
  }

  @Test
  void everyKeyCompilesToItsSettings() throws Exception {
    GatewayPlan plan =
        compile(
            """
        services:
          catalog:
            urls: [http://127.0.0.1:9101, http://127.0.0.1:9111, "http://127.0.0.1:9121"]
            balance: least-in-flight
            maxInFlight: 64
            circuitBreaker: { failureRate: 40%, minCalls: 20, window: 5s, openFor: 2s, probes: 2 }
            retry: { attempts: 3, backoff: 10ms, maxBackoff: 100ms, budget: 20%, minPerSecond: 0 }
            hedge: { after: p95, min: 8ms }
            outlierEjection: { failures: 3, ejectFor: 1s, maxEjectFor: 8s, maxEjected: 34% }
            warmup: { path: /ping, every: 30s, connections: 4 }
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p }
              b: { service: catalog, path: /q, retry: { attempts: 2 }, hedge: { after: 40ms } }
          POST /w:
            calls:
              w: { service: catalog, method: POST, path: /w }
              s: { service: catalog, method: POST, path: /search, idempotent: true }
        """);
    ServicePlan catalog = plan.services().get("catalog");
    assertEquals(3, catalog.instances().size());
    assertEquals(9121, catalog.instances().get(2).port());
    Resilience r = catalog.resilience();
    assertEquals(Balance.LEAST_IN_FLIGHT, r.balance());
    assertEquals(64, r.maxInFlight());
    assertEquals(
        new BreakerSettings(0.4, 0, 20, Duration.ofSeconds(5), Duration.ofSeconds(2), 2),
        r.breaker());
    assertEquals(new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(100)), r.retry());
    assertEquals(new RetryBudget(0.2, 0), r.budget());
    assertEquals(new HedgeSettings(null, 95, Duration.ofMillis(8)), r.hedge());
    assertEquals(
        new EjectionSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.34), r.ejection());
    assertEquals(new WarmupSettings("/ping", Duration.ofSeconds(30), 4), r.warmup());

    List<CallPlan> get = plan.endpoints().get(0).calls();
    assertEquals(
        new CallResilience(r.retry(), r.hedge()),
        get.get(0).resilience(),
        "the service's settings");
    assertEquals(
        new CallResilience(
            new RetrySettings(2, RetrySettings.DEFAULT_BACKOFF, RetrySettings.DEFAULT_MAX_BACKOFF),
            new HedgeSettings(Duration.ofMillis(40), 0, HedgeSettings.DEFAULT_MIN)),
        get.get(1).resilience(),
        "the call's own");
    List<CallPlan> post = plan.endpoints().get(1).calls();
    assertEquals(
        CallResilience.NONE, post.get(0).resilience(), "a POST is never repeated by default");
    assertEquals(
        new CallResilience(r.retry(), r.hedge()),
        post.get(1).resilience(),
        "unless it says it is safe");
  }

  @Test
  void withoutResilienceKeysAServiceGetsNoneOfTheOptionalLayers() throws Exception {
    GatewayPlan plan =
        compile("services:\n  catalog: { urls: [http://127.0.0.1:9101] }\n" + ENDPOINT);
    Resilience r = plan.services().get("catalog").resilience();
    assertNull(r.breaker());
    assertEquals(0, r.maxInFlight());
    assertNull(r.retry());
    assertNull(r.hedge());
    assertNull(r.warmup());
    assertEquals(RetryBudget.DEFAULT, r.budget());
    assertEquals(CallResilience.NONE, plan.endpoints().get(0).calls().get(0).resilience());
  }

  @Test
  void aFailureCountAloneNeedsOnlyThatManyCalls() throws Exception {
    GatewayPlan plan =
        compile(
            """
        services:
          catalog: { urls: [http://127.0.0.1:9101], circuitBreaker: { failures: 5 } }
        """
                + ENDPOINT);
    BreakerSettings b = plan.services().get("catalog").resilience().breaker();
    assertEquals(5, b.failures());
    assertEquals(0, b.failureRate());
    assertEquals(5, b.minCalls());
    assertEquals(BreakerSettings.DEFAULT_PROBES, b.probes());
  }

  @Test
  void aNegativeFailureCountIsRejected() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], circuitBreaker: { failures: -3 } }
        """
            + ENDPOINT,
        2,
        73,
        "failures: must be at least 1, not -3");
  }

  @Test
  void openForZeroIsRejected() {
    rejects(
        """
        services:
          catalog:
            urls: [http://127.0.0.1:9101]
            circuitBreaker: { openFor: 0s }
        """
            + ENDPOINT,
        4,
        32,
        "openFor: must be greater than 0");
  }

  @Test
  void zeroProbesAreRejected() {
    rejects(
        """
        services:
          catalog:
            urls: [http://127.0.0.1:9101]
            circuitBreaker: { probes: 0 }
        """
            + ENDPOINT,
        4,
        31,
        "probes: must be between 1 and 1000");
  }

  @Test
  void aBudgetAboveAHundredPercentIsRejected() {
    rejects(
        """
        services:
          catalog:
            urls: [http://127.0.0.1:9101]
            retry: { attempts: 3, budget: 150% }
        """
            + ENDPOINT,
        4,
        35,
        "150% is more than 100%");
  }

  @Test
  void negativeAttemptsAreRejected() {
    rejects(
        """
        services:
          catalog:
            urls: [http://127.0.0.1:9101]
            retry: { attempts: -1 }
        """
            + ENDPOINT,
        4,
        24,
        "attempts: must be between 1 and 10, not -1");
  }

  @Test
  void aBackoffCapBelowTheBackoffIsRejected() {
    rejects(
        """
        services:
          catalog:
            urls: [http://127.0.0.1:9101]
            retry: { backoff: 100ms, maxBackoff: 10ms }
        """
            + ENDPOINT,
        4,
        42,
        "maxBackoff (10ms) is shorter than backoff (100ms)");
  }

  @Test
  void aHedgeOrRetryThatCouldNeverHappenIsRejected() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], timeout: 100ms, hedge: { after: 100ms } }
        """
            + ENDPOINT,
        2,
        77,
        "a hedge could never be sent",
        "the service's timeout (100ms)");
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101] }
        endpoints:
          GET /p:
            calls: { a: { service: catalog, path: /p, timeout: 50ms, retry: { backoff: 200ms } } }
        """,
        5,
        80,
        "a retry could never start",
        "the call's timeout (50ms)");
  }

  @Test
  void aZeroBulkheadIsRejected() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], maxInFlight: 0 }
        """
            + ENDPOINT,
        2,
        58,
        "maxInFlight: must be at least 1");
  }

  @Test
  void aHedgeOnAPostIsRejected() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101] }
        endpoints:
          POST /w:
            calls:
              w: { service: catalog, method: POST, path: /w, hedge: { after: 20ms } }
        """,
        6,
        61,
        "hedge on a call that must not be repeated",
        "POST is not idempotent");
  }

  @Test
  void aRetryOnACallMarkedNotIdempotentIsRejected() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101] }
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p, idempotent: false, retry: { attempts: 2 } }
        """,
        6,
        66,
        "retry on a call that must not be repeated",
        "idempotent: false");
  }

  @Test
  void aHedgePercentileBelowTheMedianIsRejected() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], hedge: { after: p20 } }
        """
            + ENDPOINT,
        2,
        61,
        "between p50 and p99.99");
  }

  @Test
  void aMalformedHedgeDelayIsASchemaProblem() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], hedge: { after: soon } }
        """
            + ENDPOINT,
        2,
        61,
        "a duration (50ms) or a percentile");
  }

  @Test
  void outlierEjectionOnASingleInstanceIsRejected() {
    rejects(
        """
        services:
          catalog:
            urls: [http://127.0.0.1:9101]
            outlierEjection: { failures: 3 }
        """
            + ENDPOINT,
        4,
        22,
        "needs several urls");
  }

  @Test
  void theSameUrlTwiceIsRejected() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101, http://127.0.0.1:9101] }
        """
            + ENDPOINT,
        2,
        44,
        "duplicate service URL");
  }

  @Test
  void anUnknownBalanceIsASchemaProblem() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:1, http://127.0.0.1:2], balance: random }
        """
            + ENDPOINT,
        2,
        71);
  }
}
