package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> PlanCompiler.compile("t.yaml", SERVICES + endpoints));
    List<ConfigProblem> found = e.problems();
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), "expected one problem, got:\n" + all);
    assertEquals("t.yaml:" + line + ":" + column, found.get(0).position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(found.get(0).message().contains(fragment), all);
    }
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
