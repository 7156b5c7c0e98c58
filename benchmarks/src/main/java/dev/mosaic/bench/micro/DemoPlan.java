package dev.mosaic.bench.micro;

import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The demo config's product endpoint and a realistic context for it, shared by the benchmarks. */
final class DemoPlan {

  private DemoPlan() {}

  static EndpointPlan productEndpoint() {
    try {
      GatewayPlan plan = PlanCompiler.compile(Path.of("config", "gateway.yaml"));
      return plan.endpoints().stream()
          .filter(e -> e.route().equals("GET /products/{id}"))
          .findFirst()
          .orElseThrow();
    } catch (Exception e) {
      throw new IllegalStateException(
          "run from the repository root: config/gateway.yaml is needed", e);
    }
  }

  /** The context of a request for product 42, before any call. */
  static Map<String, Object> requestContext() {
    Map<String, Object> context = new HashMap<>();
    context.put("path", Map.of("id", "42"));
    context.put("query", Map.of());
    context.put("headers", Map.of());
    return context;
  }

  /** The context after all four calls answered, as Jackson would have parsed their bodies. */
  static Map<String, Object> productContext() {
    Map<String, Object> context = requestContext();
    context.put(
        "product",
        Map.of(
            "id",
            42,
            "name",
            "Modern Backpack",
            "category",
            "outdoor",
            "price",
            160.46,
            "sellerId",
            565));
    context.put("stock", Map.of("productId", 42, "available", 173, "warehouse", "WH-2"));
    context.put(
        "reviews",
        List.of(
            Map.of(
                "id", 1, "productId", 42, "userId", 7, "rating", 3, "text", "Broke after a week."),
            Map.of("id", 2, "productId", 42, "userId", 8, "rating", 5, "text", "Perfect gift."),
            Map.of("id", 3, "productId", 42, "userId", 9, "rating", 1, "text", "Great value."),
            Map.of("id", 4, "productId", 42, "userId", 10, "rating", 1, "text", "Would buy again."),
            Map.of(
                "id", 5, "productId", 42, "userId", 11, "rating", 1, "text", "Would buy again.")));
    context.put(
        "seller", Map.of("id", 565, "name", "Alan Lovelace", "email", "user565@example.test"));
    return context;
  }
}
