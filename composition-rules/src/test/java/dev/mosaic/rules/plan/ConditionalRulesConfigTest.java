package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code when:} on a call and {@code respond:} on an endpoint: what they compile to, and each
 * mistake rejected at the line and column a person would fix. Line 1 of each fixture is
 * "services:".
 */
class ConditionalRulesConfigTest {

  private static final String SERVICES =
      """
      services:
        catalog: { urls: [http://127.0.0.1:9101] }
        reviews: { urls: [http://127.0.0.1:9103] }
      endpoints:
      """;

  private static void rejects(String endpoints, int line, int column, String... fragments) {
    ConfigRejections.rejects(SERVICES + endpoints, line, column, fragments);
  }

  @Test
  void whenCompilesAndItsNamesMakeDependencies() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
              GET /p/{id}:
                calls:
                  product: { service: catalog, path: "/products/${path.id}" }
                  reviews:
                    service: reviews
                    path: "/reviews?productId=${path.id}"
                    when: ${product.reviewed}
                    fallback: []
                response: { product: "${product}", reviews: "${reviews}" }
            """);
    CallPlan reviews = plan.endpoints().get(0).calls().get(1);
    assertEquals("product.reviewed", reviews.when().source());
    assertEquals(List.of(0), reviews.dependsOn(), "when reads product: it waits for it");
    assertEquals(List.of(), reviews.fallback(), "a call with when may have a fallback");
    assertNull(plan.endpoints().get(0).calls().get(0).when());
  }

  @Test
  void respondCompilesOneOrAList() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
              GET /p/{id}:
                respond:
                  - when: ${path.id = "0"}
                    status: 404
                    body: { title: No such product, detail: "product ${path.id} does not exist" }
                  - when: ${query.ping}
                    status: 200
                    body: { pong: true }
                calls:
                  product: { service: catalog, path: "/products/${path.id}" }
                response: "${product}"
              GET /q/{id}:
                respond: { when: "${path.id = '0'}", status: 410 }
                calls:
                  product: { service: catalog, path: "/products/${path.id}" }
                response: "${product}"
            """);
    List<EarlyAnswer> first = plan.endpoints().get(0).respond();
    assertEquals(2, first.size());
    assertEquals(404, first.get(0).status());
    assertTrue(first.get(0).problem());
    assertEquals(Map.of("pong", true), first.get(1).body().render(Map.of()));
    assertEquals(410, plan.endpoints().get(1).respond().get(0).status());
  }

  @Test
  void whenReadingAnUnknownName() {
    rejects(
        """
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
              reviews: { service: reviews, path: /reviews, when: "${prodcut.reviewed}" }
            response: "${reviews}"
        """,
        8,
        58,
        "unknown name 'prodcut'",
        "did you mean 'product'");
  }

  @Test
  void whenThatIsNotOneExpression() {
    rejects(
        """
          GET /p/{id}:
            calls:
              reviews: { service: reviews, path: /reviews, when: "yes ${query.r}" }
            response: "${reviews}"
        """,
        7,
        58,
        "when: must be a single ${...} expression giving the condition");
  }

  @Test
  void whenCannotReadTheItemOfItsOwnForEach() {
    rejects(
        """
          GET /p/{id}:
            calls:
              reviews:
                service: reviews
                path: /reviews/${item}
                forEach: { over: "${query.ids}" }
                when: ${item > 3}
            response: "${reviews}"
        """,
        11,
        15,
        "cannot read 'item'");
  }

  @Test
  void whenOnAPassthroughHasNothingToAnswerWithWhenItSkips() {
    rejects(
        """
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}", when: "${query.x}" }
        """,
        7,
        7,
        "passthrough",
        "respond");
  }

  @Test
  void fallbackWithoutOptionalOrWhenIsStillRefused() {
    rejects(
        """
          GET /p/{id}:
            calls:
              reviews: { service: reviews, path: /reviews, fallback: [] }
            response: "${reviews}"
        """,
        7,
        62,
        "optional calls and calls with 'when'");
  }

  @Test
  void respondCannotReadACall() {
    rejects(
        """
          GET /p/{id}:
            respond: { when: "${product.gone}", status: 404 }
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        22,
        "before any call",
        "cannot read call 'product'");
  }

  @Test
  void respondReadingAnUnknownName() {
    rejects(
        """
          GET /p/{id}:
            respond: { when: "${paht.id = '0'}", status: 404 }
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        22,
        "unknown name 'paht'",
        "did you mean 'path'");
  }

  @Test
  void respondWithARedirectOrInformationalStatus() {
    rejects(
        """
          GET /p/{id}:
            respond: { when: "${path.id = '0'}", status: 302 }
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        50,
        "302",
        "2xx",
        "4xx/5xx");
  }

  @Test
  void respondWithAnErrorStatusAndABodyThatIsNotAProblemsFields() {
    rejects(
        """
          GET /p/{id}:
            respond: { when: "${path.id = '0'}", status: 404, body: [gone] }
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        61,
        "problem's fields",
        "must be an object");
  }

  @Test
  void respondCannotSetWhatMosaicWritesInAProblem() {
    rejects(
        """
          GET /p/{id}:
            respond: { when: "${path.id = '0'}", status: 404, body: { status: 200 } }
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        63,
        "'status' is written by Mosaic");
  }

  @Test
  void aProblemsTitleIsText() {
    rejects(
        """
          GET /p/{id}:
            respond: { when: "${path.id = '0'}", status: 404, body: { title: [a] } }
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        70,
        "a problem's 'title' is text");
  }

  @Test
  void respondListItemThatIsNotAnAnswer() {
    rejects(
        """
          GET /p/{id}:
            respond: [gone]
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        15,
        "each item is one { when, status, body }");
  }

  @Test
  void respondWithoutACondition() {
    rejects(
        """
          GET /p/{id}:
            respond: { status: 404 }
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: "${product}"
        """,
        6,
        14,
        "missing required field 'when'");
  }
}
