package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mosaic.gateway.resilience.ServiceBudget;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Call budgets against a real service: over budget, calls are reported (a metric, one warning per
 * 10 s naming the endpoints that spend it) and, when enforced, kept off the service, with the
 * fallback or a 503 standing in. Counts are checked against the stub's own request count, so a
 * one-second window boundary falling inside a burst moves how many are over, never whether the
 * numbers agree.
 */
class CallBudgetTest {

  @RegisterExtension
  static final GatewayHarness gw =
      GatewayHarness.forConfig(
          """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0 }
      services:
        catalog: { urls: ["{catalog}"], callBudget: { perSecond: 4 } }
        users: { urls: ["{users}"], callBudget: { perSecond: 2, enforce: true } }
        orders: { urls: ["{orders}"], callBudget: { perSecond: 1, enforce: true } }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /names/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
        GET /users/{id}:
          calls:
            user: { service: users, path: "/users/${path.id}", optional: true, fallback: { name: "unknown" } }
          response: { name: "${user.name}" }
        GET /orders/{id}:
          calls:
            order: { service: orders, path: "/orders/${path.id}" }
          response: { id: "${order.id}" }
      """);

  private static Scrape scrape() throws Exception {
    return Scrape.parse(gw.admin("GET", "/metrics", null).body());
  }

  @Test
  void anUnenforcedBudgetWarnsOnceNamingTheBusiestEndpointAndLetsEveryCallThrough()
      throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger logger = (Logger) LoggerFactory.getLogger(ServiceBudget.class);
    logger.addAppender(log);
    try {
      for (int i = 0; i < 12; i++) {
        assertEquals(200, gw.get("/products/" + (i + 1)).statusCode());
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(200, gw.get("/names/" + (i + 1)).statusCode());
      }
    } finally {
      logger.detachAppender(log);
    }
    assertEquals(
        15, gw.stub("catalog").behaviour().requests(), "not enforced: every call reached catalog");
    Scrape s = scrape();
    assertEquals(15, s.value("mosaic_call_budget_calls_total", "service", "catalog"));
    double over = s.value("mosaic_call_budget_exceeded_total", "service", "catalog");
    assertTrue(over >= 15 - 2 * 4, "a burst within at most two one-second windows of 4: " + over);
    assertEquals(0, s.value("mosaic_call_budget_rejected_total", "service", "catalog"));
    assertEquals(4, s.value("mosaic_call_budget_per_second", "service", "catalog"));
    List<String> warnings =
        log.list.stream()
            .filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertEquals(
        1, warnings.size(), "one warning per 10 s, however many calls are over: " + warnings);
    assertTrue(warnings.get(0).startsWith("call budget of catalog exceeded"), warnings.get(0));
    assertTrue(
        warnings.get(0).contains("calls by endpoint: GET /products/{id} "),
        "the busiest endpoint first: " + warnings.get(0));
  }

  @Test
  void anEnforcedBudgetKeepsCallsOffTheServiceAndTheFallbackStandsIn() throws Exception {
    int fellBack = 0;
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = gw.get("/users/" + (i + 1));
      assertEquals(200, response.statusCode(), "the call is optional");
      if ("unknown".equals(GatewayHarness.json(response).getString("name"))) {
        fellBack++;
        assertEquals("user", response.headers().firstValue("mosaic-degraded").orElse(""));
      }
    }
    long reached = gw.stub("users").behaviour().requests();
    assertEquals(10, reached + fellBack, "every call either reached users or fell back");
    assertTrue(fellBack >= 10 - 2 * 2, "at most two windows of 2 got through: " + fellBack);
    Scrape s = scrape();
    assertEquals(reached, s.value("mosaic_call_budget_calls_total", "service", "users"));
    assertEquals(fellBack, s.value("mosaic_call_budget_rejected_total", "service", "users"));
    assertEquals(
        fellBack,
        s.value(
            "mosaic_call_duration_seconds_count",
            "route",
            "/users/{id}",
            "method",
            "GET",
            "call",
            "user",
            "service",
            "users",
            "outcome",
            "fallback"));
  }

  @Test
  void aRequiredCallOverAnEnforcedBudgetIsA503WithRetryAfter() throws Exception {
    int refused = 0;
    for (int i = 0; i < 4; i++) {
      HttpResponse<String> response = gw.get("/orders/" + (i + 1));
      if (response.statusCode() == 503) {
        refused++;
        JsonObject problem = ProblemAssertions.problem(response, 503);
        assertEquals("urn:mosaic:problem:over-budget", problem.getString("type"), problem.encode());
        long retryAfter = Long.parseLong(response.headers().firstValue("retry-after").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "until the next window: " + retryAfter);
      } else {
        assertEquals(200, response.statusCode(), response.body());
      }
    }
    assertEquals(4, gw.stub("orders").behaviour().requests() + refused);
    assertTrue(refused >= 2, "a budget of 1/s lets at most 2 of 4 quick calls through: " + refused);
  }
}
