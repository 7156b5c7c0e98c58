package dev.mosaic.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.call.ScriptedCaller;
import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.CallHeaders;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One request's calls as a DAG over a scripted call stack, on manual time: what starts when, what a
 * failure decides, what the deadline cuts. The endpoint is compiled from YAML, as in production.
 */
class PlanExecutionTest {

  private static final long MS = 1_000_000;
  // seller reads product; reviews reads nothing. Timeouts: reviews 200ms, the others past the
  // 800ms deadline, whose last 20ms are kept for fallbacks and shaping
  private static final EndpointPlan ENDPOINT =
      endpoint(
          """
      services:
        catalog: { urls: ["http://127.0.0.1:9"], timeout: 2s }
        users: { urls: ["http://127.0.0.1:9"], timeout: 2s }
        reviews: { urls: ["http://127.0.0.1:9"], timeout: 200ms }
      endpoints:
        GET /products/{id}:
          deadline: 800ms
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            seller: { service: users, path: "/users/${product.sellerId}", optional: true }
            reviews: { service: reviews, path: "/reviews/${path.id}", optional: true, fallback: [] }
      """);

  private final ManualTimeouts time = new ManualTimeouts();
  private final ScriptedCaller services = new ScriptedCaller();
  private final Map<String, Object> context =
      new HashMap<>(Map.of("path", Map.of("id", "42"), "query", Map.of(), "headers", Map.of()));
  private final PlanExecution execution =
      new PlanExecution(
          time,
          ENDPOINT,
          context,
          services,
          time.getAsLong() + ENDPOINT.deadline().toNanos(),
          CallHeaders.NONE,
          time);

  private static EndpointPlan endpoint(String yaml) {
    try {
      return PlanCompiler.compile("plan-execution-test.yaml", yaml).endpoints().get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String label(ExecutionResult result, String call) {
    return result.calls().stream()
        .filter(r -> r.call().name().equals(call))
        .findFirst()
        .orElseThrow()
        .label();
  }

  @Test
  void independentCallsStartTogetherAndADependentOneOnlyAfterItsDependencyAnswered() {
    Future<ExecutionResult> result = execution.run();
    assertEquals(List.of("/products/42", "/reviews/42"), services.uris());
    services.to("/reviews/").answer(200, "[{\"rating\": 5}]");
    assertEquals(2, services.calls(), "the seller waits for the product, not for the reviews");
    time.advanceMillis(30);
    services.to("/products/").answer(200, "{\"sellerId\": 7}");
    assertEquals("/users/7", services.last().uri(), "sent the moment its input arrived");
    assertFalse(result.isComplete());
    services.to("/users/").answer(200, "{\"name\": \"Ada\"}");
    assertTrue(result.isComplete());
    ExecutionResult done = result.result();
    assertFalse(done.failed());
    assertEquals(List.of(), done.degraded());
    assertEquals(Map.of("name", "Ada"), done.context().get("seller"));
  }

  @Test
  void aCallThatReadsTwoCallsStartsOnlyOnceBothAnswered() {
    EndpointPlan joined =
        endpoint(
            """
        services:
          catalog: { urls: ["http://127.0.0.1:9"], timeout: 2s }
          users: { urls: ["http://127.0.0.1:9"], timeout: 2s }
        endpoints:
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
              owner: { service: users, path: "/users/${path.id}" }
              pair: { service: catalog, path: "/pairs/${product.id}/${owner.id}" }
        """);
    PlanExecution run =
        new PlanExecution(
            time,
            joined,
            context,
            services,
            time.getAsLong() + joined.deadline().toNanos(),
            CallHeaders.NONE,
            time);
    Future<ExecutionResult> result = run.run();
    assertEquals(List.of("/products/42", "/users/42"), services.uris());
    services.to("/users/").answer(200, "{\"id\": 7}");
    assertEquals(2, services.calls(), "pair also reads product, which has not answered");
    services.to("/products/").answer(200, "{\"id\": 42}");
    assertEquals("/pairs/42/7", services.last().uri(), "sent once its second input arrived");
    services.to("/pairs/").answer(200, "{}");
    assertFalse(result.result().failed());
  }

  @Test
  void anOptionalCallThatFailsTakesItsFallbackAndDegradesTheAnswer() {
    Future<ExecutionResult> result = execution.run();
    services.to("/reviews/").fail(Kind.RESET);
    services.to("/products/").answer(200, "{\"sellerId\": 7}");
    services.to("/users/").answer(503);
    ExecutionResult done = result.result();
    assertFalse(done.failed());
    assertEquals(List.of("seller", "reviews"), done.degraded(), "in declared order");
    assertEquals(List.of(), done.context().get("reviews"));
    assertNull(done.context().get("seller"), "no fallback given: null");
    assertEquals("fallback", label(done, "reviews"));
  }

  @Test
  void aRequiredCallsFailureDecidesTheAnswerAtOnceAndCancelsWhatIsRunning() {
    Future<ExecutionResult> result = execution.run();
    services.to("/products/").fail(Kind.BREAKER_OPEN);
    assertTrue(result.isComplete(), "without waiting for the optional reviews");
    ExecutionResult.Failure failure = result.result().failure();
    assertEquals(503, failure.status());
    assertEquals(Reason.BREAKER_OPEN, failure.reason());
    assertEquals("product", failure.call());
    assertEquals(List.of(Kind.CANCELLED), services.to("/reviews/").cancels());
    assertEquals("not-started", label(result.result(), "seller"));
    assertEquals(2, services.calls());
  }

  @Test
  void aRequiredCallsServiceErrorIsABadGateway() {
    Future<ExecutionResult> result = execution.run();
    services.to("/products/").answer(500);
    assertEquals(502, result.result().failure().status());
    assertEquals(Reason.SERVER_ERROR, result.result().failure().reason());
  }

  @Test
  void aCallsOwnTimeoutCancelsItAsTheServicesFaultAndTheFallbackStandsIn() {
    Future<ExecutionResult> result = execution.run();
    time.advanceNanos(200 * MS - 1);
    assertEquals(List.of(), services.to("/reviews/").cancels());
    time.advanceNanos(1);
    assertEquals(List.of(Kind.TIMEOUT), services.to("/reviews/").cancels());
    services.to("/products/").answer(200, "{\"sellerId\": 7}");
    services.to("/users/").answer(200);
    assertEquals(List.of("reviews"), result.result().degraded());
  }

  @Test
  void theDeadlineCutsWhatIsStillRunningWithoutBlamingItsService() {
    Future<ExecutionResult> result = execution.run();
    services.to("/products/").answer(200, "{\"sellerId\": 7}");
    time.advanceMillis(779);
    assertFalse(result.isComplete());
    assertEquals(List.of(), services.to("/users/").cancels());
    time.advanceMillis(1);
    // seller is cut 20ms before the deadline, so its fallback can still be used
    assertEquals(List.of(Kind.CANCELLED), services.to("/users/").cancels());
    assertTrue(result.isComplete());
    assertFalse(result.result().failed());
    assertEquals(List.of("seller", "reviews"), result.result().degraded());
  }

  @Test
  void aWheelThatFiresLateStillDegradesWhenOnlyOptionalCallsAreLeft() {
    Future<ExecutionResult> result = execution.run();
    services.to("/products/").answer(200, "{\"sellerId\": 7}");
    // a busy loop: the tick meant for deadline − margin comes only after the deadline itself
    time.stallMillis(850);
    time.advanceMillis(1);
    assertTrue(result.isComplete());
    assertFalse(
        result.result().failed(), "only optional calls were pending: " + result.result().failure());
    assertEquals(List.of("seller", "reviews"), result.result().degraded());
    assertEquals(List.of(Kind.CANCELLED), services.to("/users/").cancels());
    assertEquals(0, time.pending(), "nothing left scheduled for a finished request");
  }

  @Test
  void aWheelThatFiresLateEndsTheRequestWhenARequiredCallIsStillRunning() {
    Future<ExecutionResult> result = execution.run();
    services.to("/reviews/").answer(200, "[]");
    time.stallMillis(850);
    time.advanceMillis(1);
    assertEquals(504, result.result().failure().status());
    assertEquals(List.of(Kind.CANCELLED), services.to("/products/").cancels());
  }

  @Test
  void theDeadlineEndsTheRequestWhenARequiredCallIsStillRunning() {
    Future<ExecutionResult> result = execution.run();
    services.to("/reviews/").answer(200, "[]");
    time.advanceMillis(780);
    assertEquals(List.of(Kind.CANCELLED), services.to("/products/").cancels());
    ExecutionResult.Failure failure = result.result().failure();
    assertEquals(504, failure.status());
    assertEquals(Reason.DEADLINE, failure.reason());
    assertEquals(0, time.pending(), "nothing left scheduled for a finished request");
  }

  @Test
  void aClientThatLeftCancelsEveryCall() {
    Future<ExecutionResult> result = execution.run();
    execution.cancel();
    assertEquals(List.of(Kind.CANCELLED), services.to("/products/").cancels());
    assertEquals(List.of(Kind.CANCELLED), services.to("/reviews/").cancels());
    assertEquals(499, result.result().failure().status());
    time.advanceMillis(1000);
    assertEquals(2, services.calls());
  }
}
