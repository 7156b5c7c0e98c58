package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad config is rejected with the line and column a person would put the cursor on.
 * Line 1 of each fixture is "services:"; the base config below is valid on its own.
 */
class ConfigRejectionTest {

  private static final String SERVICES =
      """
      services:
        catalog: { urls: [http://127.0.0.1:9101], timeout: 500ms }
        users: { urls: [http://127.0.0.1:9104] }
      """;

  private static List<ConfigProblem> problems(String yaml) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> PlanCompiler.compile("t.yaml", yaml));
    return e.problems();
  }

  /** Asserts exactly one problem, at line:col, whose message contains every fragment. */
  private static void rejects(String yaml, int line, int column, String... fragments) {
    List<ConfigProblem> found = problems(yaml);
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), "expected one problem, got:\n" + all);
    ConfigProblem p = found.get(0);
    assertEquals("t.yaml:" + line + ":" + column, p.position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(p.message().contains(fragment), "'" + fragment + "' not in: " + p.message());
    }
  }

  @Test
  void theBaseConfigIsValid() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
        endpoints:
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
        """);
    assertEquals(1, plan.endpoints().size());
  }

  @Test
  void unknownKeyInAServiceIsAPositionedTypo() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], timout: 500ms }
        endpoints:
          GET /p:
            calls: { a: { service: catalog, path: /p } }
        """,
        2,
        45,
        "unknown key 'timout'",
        "did you mean 'timeout'");
  }

  @Test
  void unknownKeyInACall() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a:
                service: catalog
                path: /p
                optinal: true
        """,
        10,
        9,
        "unknown key 'optinal'",
        "did you mean 'optional'");
  }

  @Test
  void unknownTopLevelKey() {
    List<ConfigProblem> found =
        problems(
            SERVICES
                + """
        endpoint:
          GET /p:
            calls: { a: { service: catalog, path: /p } }
        """);
    assertEquals("t.yaml:1:1: missing required field 'endpoints'", found.get(0).toString());
    assertEquals("t.yaml:4:1", found.get(1).position().toString());
    assertTrue(
        found.get(1).message().contains("unknown key 'endpoint' (did you mean 'endpoints'?)"));
    assertEquals(2, found.size());
  }

  @Test
  void unknownService() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalg, path: /p }
        """,
        7,
        21,
        "unknown service 'catalg'",
        "did you mean 'catalog'");
  }

  @Test
  void unknownCallReference() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
              seller: { service: users, path: "/users/${prodct.sellerId}" }
        """,
        8,
        39,
        "unknown name 'prodct'",
        "did you mean 'product'");
  }

  @Test
  void dependencyCycleIsNamed() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: "/a/${c.id}" }
              b: { service: catalog, path: "/b/${a.id}" }
              c: { service: users, path: "/c/${b.id}" }
        """,
        7,
        7,
        "dependency cycle: a → c → b → a");
  }

  @Test
  void aCallReadingItselfIsACycle() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: "/a/${a.id}" }
        """,
        7,
        7,
        "dependency cycle: a → a");
  }

  @Test
  void reservedCallName() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              path: { service: catalog, path: /p }
        """,
        7,
        7,
        "'path' is a reserved name");
  }

  @Test
  void duplicateCallName() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p }
              a: { service: users, path: /u }
        """,
        8,
        7,
        "duplicate key 'a'",
        "line 7");
  }

  @Test
  void duplicateRouteWithOtherParameterNames() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p/{id}:
            calls: { a: { service: catalog, path: "/p/${path.id}" } }
          GET /p/{pid}:
            calls: { a: { service: catalog, path: "/p/${path.pid}" } }
        """,
        7,
        3,
        "duplicate route",
        "'GET /p/{id}' at line 5");
  }

  @Test
  void invalidExpression() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: "/p/${a.}" }
        """,
        7,
        36,
        "invalid expression in '/p/${a.}'");
  }

  @Test
  void badDuration() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            deadline: 5 sec
            calls: { a: { service: catalog, path: /p } }
        """,
        6,
        15,
        "bad duration '5 sec'",
        "250ms");
  }

  @Test
  void zeroDuration() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            deadline: 0ms
            calls: { a: { service: catalog, path: /p } }
        """,
        6,
        15,
        "deadline: must be greater than 0");
  }

  @Test
  void badSize() {
    rejects(
        SERVICES
            + """
        endpoints:
          POST /p:
            maxBodySize: 10 megs
            calls: { a: { service: catalog, path: /p, method: POST } }
        """,
        6,
        18,
        "bad size '10 megs'");
  }

  @Test
  void missingRequiredField() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { path: /p }
        """,
        7,
        10,
        "missing required field 'service'");
  }

  @Test
  void wrongType() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p, optional: maybe }
        """,
        7,
        50,
        "optional: expected a boolean but found a string");
  }

  @Test
  void badRoute() {
    rejects(
        SERVICES
            + """
        endpoints:
          FETCH /p:
            calls: { a: { service: catalog, path: /p } }
        """,
        5,
        3,
        "bad route 'FETCH /p'");
  }

  @Test
  void invalidYamlSaysWhere() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls: { a: { service: catalog, path: /p }
        """,
        7,
        1,
        "invalid YAML");
  }

  @Test
  void fallbackWithoutOptional() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p, fallback: [] }
        """,
        7,
        50,
        "add 'optional: true'");
  }

  @Test
  void itemOutsideForEach() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: "/p/${item}" }
        """,
        7,
        36,
        "'item' exists only in a call with forEach");
  }

  @Test
  void wholeContextInACall() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: "/p?x=${$}" }
        """,
        7,
        36,
        "reads the whole context");
  }

  @Test
  void paramPatternForAnUnknownParameter() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p/{id}:
            params: { idd: "[0-9]+" }
            calls: { a: { service: catalog, path: "/p/${path.id}" } }
        """,
        6,
        15,
        "'idd' is not a parameter",
        "did you mean 'id'");
  }

  @Test
  void responseAndMergeTogether() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            merge: true
            response: { x: 1 }
            calls: { a: { service: catalog, path: /p } }
        """,
        6,
        12,
        "either 'response' or 'merge: true'");
  }

  @Test
  void everyProblemIsReportedInOneRun() {
    List<ConfigProblem> found =
        problems(
            """
        services:
          catalog: { urls: [http://127.0.0.1:9101], timeout: fast }
        endpoints:
          GET /p/{id}:
            deadline: 1s
            calls:
              product: { service: catalogue, path: "/p/${path.id}" }
              seller: { service: catalog, path: "/u/${prodct.x}", retries: 3 }
          GET /p/{x}:
            calls: { a: { service: catalog, path: /p } }
        """);
    List<String> where =
        found.stream().map(p -> p.position().line() + ":" + p.position().column()).toList();
    assertEquals(
        List.of("2:54", "7:27", "8:41", "8:59", "9:3"),
        where,
        found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
  }

  @Test
  void routeTextCannotHoldRouterSyntax() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /v1/items:batch:
            calls: { a: { service: catalog, path: /p } }
        """,
        5,
        3,
        "bad route 'GET /v1/items:batch'");
  }

  @Test
  void dotSegmentsInARouteNeverMatch() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /a/../b:
            calls: { a: { service: catalog, path: /p } }
        """,
        5,
        3,
        "'..' segments never match");
  }

  @Test
  void aPassthroughCallCannotBeOptional() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p, optional: true }
        """,
        7,
        7,
        "cannot be optional");
  }

  @Test
  void serviceHeaderWithALineBreak() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], headers: { X-Key: "a\\r\\nHost: evil" } }
        endpoints:
          GET /p:
            calls: { a: { service: catalog, path: /p } }
        """,
        2,
        63,
        "cannot contain a line break");
  }

  @Test
  void callsCannotSetFramingOrHopByHopHeaders() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p, headers: { Host: evil.example } }
            response: { a: "${a}" }
        """,
        7,
        51,
        "header Host is set by the gateway");
  }

  @Test
  void forEachOverCannotReadItem() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: "/p/${item}", forEach: { over: "${item.ids}" } }
        """,
        7,
        67,
        "forEach.over cannot read 'item'");
  }

  @Test
  void aPercentInAPathMustBeACompleteEscape() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p/{x}:
            calls: { a: { service: catalog, path: "/f/%${path.x}" } }
        """,
        6,
        43,
        "'%' must be followed by two hex digits");
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls: { a: { service: catalog, path: "/f/%2e%2E/admin" } }
        """,
        6,
        43,
        "encoded '.'");
  }
}
