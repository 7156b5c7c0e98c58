package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code partial:} and {@code itemFallback:} on a fan-out call, and their misuse at load. */
class PartialConfigTest {

  private static final String SERVICES =
      """
      services:
        orders: { urls: [http://127.0.0.1:9105] }
      endpoints:
      """;

  private static void rejects(String endpoints, int line, int column, String... fragments) {
    ConfigRejections.rejects(SERVICES + endpoints, line, column, fragments);
  }

  @Test
  void partialAndItsItemFallbackCompileOntoTheFanOut() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
              GET /o:
                calls:
                  orders:
                    service: orders
                    path: /orders/${item}
                    forEach: { over: "${query.ids}" }
                    partial: true
                    itemFallback: { missing: true }
                  whole: { service: orders, path: "/orders/${item}", forEach: { over: "${query.ids}" } }
                response: "${orders}"
            """);
    FanOut partial = plan.endpoints().get(0).calls().get(0).fanOut();
    assertTrue(partial.partial());
    assertEquals(Map.of("missing", true), partial.itemFallback());
    assertFalse(plan.endpoints().get(0).calls().get(1).fanOut().partial());
  }

  @Test
  void partialWithoutForEachOrBatch() {
    rejects(
        """
          GET /o/{id}:
            calls:
              order: { service: orders, path: "/orders/${path.id}", partial: true }
            response: "${order}"
        """,
        6,
        70,
        "partial",
        "needs forEach or batch");
  }

  @Test
  void itemFallbackWithoutPartial() {
    rejects(
        """
          GET /o:
            calls:
              orders:
                service: orders
                path: /orders/${item}
                forEach: { over: "${query.ids}" }
                itemFallback: null
            response: "${orders}"
        """,
        10,
        23,
        "add 'partial: true'");
  }
}
