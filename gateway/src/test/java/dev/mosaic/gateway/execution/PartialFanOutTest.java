package dev.mosaic.gateway.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.call.ScriptedCaller;
import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.CallHeaders;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.vertx.core.Future;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code partial: true} on forEach and batch calls over a scripted call stack, on manual time:
 * failed items take the item fallback and the rest stand, also when the call's time runs out; a
 * call none of whose items answered still fails; without {@code partial} one item fails the call
 * and the problem says which.
 */
class PartialFanOutTest {

  private static final String SERVICES =
      """
      services:
        orders: { urls: ["http://127.0.0.1:9"], timeout: 300ms }
        catalog: { urls: ["http://127.0.0.1:9"], timeout: 300ms }
      endpoints:
      """;

  private final ManualTimeouts time = new ManualTimeouts();
  private final ScriptedCaller services = new ScriptedCaller();

  private static EndpointPlan endpoint(String endpoints) {
    try {
      return PlanCompiler.compile("partial-test.yaml", SERVICES + endpoints).endpoints().get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Future<ExecutionResult> run(EndpointPlan endpoint, String ids) {
    Map<String, Object> context =
        new HashMap<>(
            Map.of(
                "path", Map.of(),
                "query", Map.of("ids", Arrays.asList(ids.split(","))),
                "headers", Map.of()));
    return new PlanExecution(
            time,
            endpoint,
            context,
            services,
            time.getAsLong() + endpoint.deadline().toNanos(),
            CallHeaders.NONE,
            time)
        .run();
  }

  private static CallRecord record(ExecutionResult result, String call) {
    return result.calls().stream()
        .filter(r -> r.call().name().equals(call))
        .findFirst()
        .orElseThrow();
  }

  private static final EndpointPlan PARTIAL_FOR_EACH =
      endpoint(
          """
            GET /orders:
              calls:
                orders:
                  service: orders
                  path: /orders/${item}
                  forEach: { over: "${query.ids}" }
                  partial: true
                  itemFallback: { unavailable: true }
              response: { orders: "${orders}" }
          """);

  @Test
  void failedItemsTakeTheItemFallbackAndTheRestStand() {
    Future<ExecutionResult> result = run(PARTIAL_FOR_EACH, "1,2,3,4");
    services.to("/orders/1").answer(200, "{\"id\": 1}");
    services.to("/orders/2").answer(500);
    services.to("/orders/3").answer(200, "{\"id\": 3}");
    services.to("/orders/4").fail(Kind.RESET);
    ExecutionResult done = result.result();
    assertFalse(done.failed());
    assertEquals(
        List.of(
            Map.of("id", 1),
            Map.of("unavailable", true),
            Map.of("id", 3),
            Map.of("unavailable", true)),
        done.context().get("orders"));
    assertEquals(List.of("orders[1,3]"), done.degraded());
    CallRecord orders = record(done, "orders");
    assertEquals("partial", orders.label());
    assertEquals(
        List.of(new ItemFailure(1, "error", 500), new ItemFailure(3, "reset", 0)),
        ((CallOutcome.Ok) orders.outcome()).failedItems());
  }

  @Test
  void itemsStillOutWhenTheCallsTimeRunsOutTakeTheFallbackToo() {
    Future<ExecutionResult> result = run(PARTIAL_FOR_EACH, "1,2,3");
    services.to("/orders/2").answer(200, "{\"id\": 2}");
    time.advanceMillis(299);
    assertFalse(result.isComplete());
    time.advanceMillis(2);
    ExecutionResult done = result.result();
    assertFalse(done.failed());
    assertEquals(
        List.of(Map.of("unavailable", true), Map.of("id", 2), Map.of("unavailable", true)),
        done.context().get("orders"));
    assertEquals(List.of("orders[0,2]"), done.degraded());
    assertTrue(!services.to("/orders/1").cancels().isEmpty(), "what was still out was cut");
  }

  @Test
  void aPartialCallOverNoItemsIsAnEmptyList() {
    Map<String, Object> context =
        new HashMap<>(
            Map.of("path", Map.of(), "query", Map.of("ids", List.of()), "headers", Map.of()));
    ExecutionResult done =
        new PlanExecution(
                time,
                PARTIAL_FOR_EACH,
                context,
                services,
                time.getAsLong() + PARTIAL_FOR_EACH.deadline().toNanos(),
                CallHeaders.NONE,
                time)
            .run()
            .result();
    assertFalse(done.failed());
    assertEquals(List.of(), done.context().get("orders"));
    assertEquals(List.of(), done.degraded());
    assertEquals(0, services.calls());
  }

  @Test
  void aPartialCallNoneOfWhoseItemsAnsweredStillFails() {
    Future<ExecutionResult> result = run(PARTIAL_FOR_EACH, "1,2");
    services.to("/orders/1").answer(503);
    services.to("/orders/2").answer(500);
    ExecutionResult done = result.result();
    assertTrue(done.failed());
    assertEquals(502, done.failure().status());
    assertTrue(done.failure().detail().contains("every one of its 2 requests failed"));
  }

  @Test
  void withoutPartialOneFailedItemFailsTheCallAndSaysWhichItem() {
    EndpointPlan whole =
        endpoint(
            """
              GET /orders:
                calls:
                  orders:
                    service: orders
                    path: /orders/${item}
                    forEach: { over: "${query.ids}" }
                response: { orders: "${orders}" }
            """);
    Future<ExecutionResult> result = run(whole, "1,2,3");
    services.to("/orders/1").answer(200, "{\"id\": 1}");
    services.to("/orders/2").answer(500);
    ExecutionResult done = result.result();
    assertTrue(done.failed());
    assertTrue(
        done.failure().detail().contains("item 1: orders answered 500"), done.failure().detail());
    assertTrue(!services.to("/orders/3").cancels().isEmpty(), "the rest are cancelled");
  }

  @Test
  void aFailedBatchChunkGivesItsKeysTheItemFallback() {
    EndpointPlan batch =
        endpoint(
            """
              GET /products:
                calls:
                  products:
                    service: catalog
                    path: /products
                    batch: { over: "${query.ids}", param: ids, key: id, maxSize: 2 }
                    partial: true
                response: { products: "${products}" }
            """);
    // keys 5,6 | 7,8 in two chunks; 5 asked twice
    Future<ExecutionResult> result = run(batch, "5,6,7,5,8");
    services.to("/products?ids=5,6").answer(200, "[{\"id\": \"5\"}, {\"id\": \"6\"}]");
    services.to("/products?ids=7,8").fail(Kind.TIMEOUT);
    ExecutionResult done = result.result();
    assertFalse(done.failed());
    assertEquals(
        Arrays.asList(Map.of("id", "5"), Map.of("id", "6"), null, Map.of("id", "5"), null),
        done.context().get("products"),
        "no itemFallback given: null");
    assertEquals(List.of("products[2,4]"), done.degraded());
  }
}
