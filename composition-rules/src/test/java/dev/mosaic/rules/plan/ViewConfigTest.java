package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code view:} makes a GET endpoint a read view; {@code announce:} makes a write announce a
 * change; {@code events:} says where changes flow. Misuse is refused at file:line:col.
 */
class ViewConfigTest {

  private static final String SERVICES =
      """
      services:
        shop: { urls: [http://127.0.0.1:9105] }
      endpoints:
      """;

  private static void rejects(String endpoints, int line, int column, String... fragments) {
    ConfigRejections.rejects(SERVICES + endpoints, line, column, fragments);
  }

  @Test
  void aViewAndAnAnnouncementCompile() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            """
            cache: { redis: "redis://127.0.0.1:6390" }
            events: { stream: "shop:changes", consumer: gw-1, versionWait: 300ms }
            """
                + SERVICES
                + """
              GET /p/{id}:
                view: { tags: ["product:${path.id}"], maxLag: 2s }
                calls:
                  p: { service: shop, path: "/p/${path.id}" }
                response: { id: "${p.id}" }
              PATCH /p/{id}:
                calls:
                  write: { service: shop, method: PATCH, path: "/p/${path.id}" }
                announce: ["product:${path.id}", "seller:${write.sellerId}"]
                response: "${write}"
            """);
    ViewPlan view = plan.endpoints().get(0).view();
    assertEquals(Duration.ofSeconds(2), view.maxLag());
    assertEquals(1, view.tags().size());
    assertEquals(2, plan.endpoints().get(1).announce().size());
    assertNull(plan.endpoints().get(1).view());
    assertEquals("redis://127.0.0.1:6390", plan.events().redisUrl(), "the cache's by default");
    assertEquals("shop:changes", plan.events().stream());
    assertEquals("gw-1", plan.events().consumer());
    assertEquals(Duration.ofMillis(300), plan.events().versionWait());
  }

  @Test
  void eventsStayInTheProcessWithoutRedis() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            "cache: { redis: \"redis://127.0.0.1:6390\" }\nevents: { redis: false }\n"
                + SERVICES
                + "  GET /p:\n    calls: { p: { service: shop, path: /p } }\n");
    assertNull(plan.events().redisUrl());
  }

  @Test
  void aViewOnAWrite() {
    rejects(
        """
          POST /p:
            view: { tags: [p] }
            calls:
              p: { service: shop, method: POST, path: /p }
            response: "${p}"
        """,
        5,
        11,
        "only GET endpoints can have one");
  }

  @Test
  void aViewOnAPassthrough() {
    rejects(
        """
          GET /p/{id}:
            view: { tags: ["p:${path.id}"] }
            calls:
              p: { service: shop, path: "/p/${path.id}" }
        """,
        5,
        11,
        "passes one call's answer through");
  }

  @Test
  void aViewTagReadingACallsAnswer() {
    rejects(
        """
          GET /p/{id}:
            view: { tags: ["seller:${p.sellerId}"] }
            calls:
              p: { service: shop, path: "/p/${path.id}" }
            response: "${p}"
        """,
        5,
        20,
        "a view tag may only use path, query and headers",
        "not 'p'");
  }

  @Test
  void aMaxLagOfZero() {
    rejects(
        """
          GET /p/{id}:
            view: { tags: ["p:${path.id}"], maxLag: 0s }
            calls:
              p: { service: shop, path: "/p/${path.id}" }
            response: "${p}"
        """,
        5,
        45,
        "maxLag",
        "greater than 0");
  }

  @Test
  void aViewAndACache() {
    rejects(
        """
          GET /p/{id}:
            cache: { ttl: 5s }
            view: { tags: ["p:${path.id}"] }
            calls:
              p: { service: shop, path: "/p/${path.id}" }
            response: "${p}"
        """,
        6,
        11,
        "a view or a cache, not both");
  }

  @Test
  void aViewWhoseAnswerDependsOnTheCaller() {
    rejects(
        """
          GET /p/{id}:
            headers: [authorization]
            view: { tags: ["p:${path.id}"] }
            calls:
              p: { service: shop, path: "/p/${path.id}", headers: { authorization: "${headers.authorization}" } }
            response: "${p}"
        """,
        6,
        11,
        "one answer for every client",
        "authorization");
  }

  @Test
  void anAnnouncementOnARead() {
    rejects(
        """
          GET /p/{id}:
            announce: ["p:${path.id}"]
            calls:
              p: { service: shop, path: "/p/${path.id}" }
            response: "${p}"
        """,
        5,
        15,
        "announce: names what a write changed");
  }

  @Test
  void aPassthroughAnnouncementReadingItsAnswer() {
    rejects(
        """
          POST /p:
            announce: ["p:${p.id}"]
            calls:
              p: { service: shop, method: POST, path: /p }
        """,
        5,
        16,
        "announce can read the client's input",
        "not 'p'");
  }

  @Test
  void anUnknownViewKey() {
    rejects(
        """
          GET /p/{id}:
            view: { tags: ["p:${path.id}"], maxlag: 2s }
            calls:
              p: { service: shop, path: "/p/${path.id}" }
            response: "${p}"
        """,
        5,
        37,
        "unknown key 'maxlag'",
        "maxLag");
  }

  @Test
  void aDeclaredKeyNamingNoPathParameter() {
    rejects(
        """
          GET /p/{id}:
            params: { id: "[0-9]+" }
            view: { tags: ["p:${path.id}"], keys: [{ id: 1 }, { sku: 2 }] }
            calls:
              p: { service: shop, path: "/p/${path.id}" }
            response: "${p}"
        """,
        6,
        57,
        "'sku' is not a path parameter of /p/{id}");
  }

  @Test
  void aDeclaredKeyThePatternRefuses() {
    rejects(
        """
          GET /p/{id}:
            params: { id: "[0-9]+" }
            view: { tags: ["p:${path.id}"], keys: [{ id: abc }] }
            calls:
              p: { service: shop, path: "/p/${path.id}" }
            response: "${p}"
        """,
        6,
        46,
        "'abc' does not match id's pattern");
  }
}
