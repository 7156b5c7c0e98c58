package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped demo config compiles, and the plan has the shape its comments promise. */
class DemoConfigTest {

  private static final GatewayPlan PLAN;

  static {
    try {
      PLAN = PlanCompiler.compile(Path.of("..", "config", "gateway.yaml"));
    } catch (Exception e) {
      throw new AssertionError("config/gateway.yaml must compile", e);
    }
  }

  private static EndpointPlan endpoint(String route) {
    return PLAN.endpoints().stream().filter(e -> e.route().equals(route)).findFirst().orElseThrow();
  }

  private static List<String> dependencies(EndpointPlan endpoint, String call) {
    CallPlan plan =
        endpoint.calls().stream().filter(c -> c.name().equals(call)).findFirst().orElseThrow();
    return plan.dependsOn().stream().map(i -> endpoint.calls().get(i).name()).toList();
  }

  @Test
  void productDetailsFanOutAndTheSellerWaitsForTheProductOnly() {
    EndpointPlan product = endpoint("GET /products/{id}");
    assertEquals(List.of(), dependencies(product, "product"));
    assertEquals(List.of(), dependencies(product, "stock"));
    assertEquals(List.of(), dependencies(product, "reviews"));
    assertEquals(List.of("product"), dependencies(product, "seller"));
    assertEquals(List.of(3), product.calls().get(0).dependents());
    assertFalse(product.passthrough());
  }

  @Test
  void orderSummaryBatchesItsProducts() {
    EndpointPlan summary = endpoint("GET /orders/{id}/summary");
    assertEquals(List.of("order"), dependencies(summary, "products"));
    FanOut.Batch batch = assertInstanceOf(FanOut.Batch.class, summary.calls().get(2).fanOut());
    assertEquals(50, batch.maxSize());
    assertEquals("id", batch.key());
  }

  @Test
  void recentOrdersUseForEachWithALimit() {
    EndpointPlan recent = endpoint("GET /users/{id}/orders");
    FanOut.ForEach forEach = assertInstanceOf(FanOut.ForEach.class, recent.calls().get(2).fanOut());
    assertEquals(4, forEach.concurrency());
    assertEquals(List.of("recent"), dependencies(recent, "orders"));
  }

  @Test
  void singleCallWithoutShapeIsAPassthrough() {
    assertTrue(endpoint("GET /catalog/products/{id}").passthrough());
    assertTrue(endpoint("POST /products/{id}/reviews").passthrough());
  }

  @Test
  void servicesHaveExplicitTimeouts() {
    assertEquals(200, PLAN.services().get("reviews").timeout().toMillis());
    assertEquals(9103, PLAN.services().get("reviews").instances().get(0).port());
  }

  @Test
  void everyServiceHasABreakerAndOnlyReadsAreRetried() {
    PLAN.services().values().forEach(s -> assertTrue(s.resilience().breaker() != null, s.name()));
    assertEquals(5, PLAN.services().get("reviews").resilience().breaker().failures());
    for (EndpointPlan endpoint : PLAN.endpoints()) {
      for (CallPlan call : endpoint.calls()) {
        boolean read = call.method().equals("GET");
        assertTrue(read || call.resilience().retry() == null, call.name() + " must not be retried");
      }
    }
  }
}
