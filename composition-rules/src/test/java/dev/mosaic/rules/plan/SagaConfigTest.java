package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code compensate:} makes a write endpoint a saga; its misuse is refused at file:line:col. */
class SagaConfigTest {

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
  void compensateMakesASagaAlignedWithTheSteps() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
              POST /checkout:
                compensation: { attempts: 3, backoff: 50ms }
                calls:
                  order:
                    service: shop
                    method: POST
                    path: /orders
                    compensate: { method: DELETE, path: "/orders/${order.id}" }
                  receipt: { service: shop, method: POST, path: "/receipts/${order.id}" }
                response: "${order}"
              POST /plain:
                calls:
                  order: { service: shop, method: POST, path: /orders }
                response: "${order}"
            """);
    SagaPlan saga = plan.endpoints().get(0).saga();
    assertEquals("DELETE", saga.of(0).method());
    assertNull(saga.of(1), "a step with nothing to undo");
    assertEquals(3, saga.attempts());
    assertEquals(Duration.ofMillis(50), saga.backoff());
    assertNull(plan.endpoints().get(1).saga());
  }

  @Test
  void compensateOnAGet() {
    rejects(
        """
          GET /o/{id}:
            calls:
              order: { service: shop, path: "/orders/${path.id}", compensate: { path: /x } }
            response: "${order}"
        """,
        6,
        71,
        "a GET endpoint has nothing to undo");
  }

  @Test
  void aCompensationReadingAStepThatMayNotHaveRun() {
    rejects(
        """
          POST /checkout:
            calls:
              order: { service: shop, method: POST, path: /orders, compensate: { path: "/undo/${payment.id}" } }
              payment: { service: shop, method: POST, path: "/payments/${order.id}" }
            response: "${order}"
        """,
        6,
        80,
        "the compensation of 'order' cannot read 'payment'");
  }

  @Test
  void anOptionalSagaStep() {
    rejects(
        """
          POST /checkout:
            calls:
              order: { service: shop, method: POST, path: /orders, optional: true, compensate: { path: /undo } }
            response: "${order}"
        """,
        6,
        88,
        "cannot be optional");
  }

  @Test
  void asyncWithoutASaga() {
    rejects(
        """
          POST /orders:
            async: true
            calls:
              order: { service: shop, method: POST, path: /orders }
            response: "${order}"
        """,
        5,
        12,
        "only an endpoint whose calls have compensate can be async");
  }

  @Test
  void anEndpointWhereTheGatewayAnswersSagaStates() {
    rejects(
        """
          POST /checkout:
            calls:
              order: { service: shop, method: POST, path: /orders, compensate: { path: /undo } }
            response: "${order}"
          GET /sagas/{id}:
            calls:
              saga: { service: shop, path: "/sagas/${path.id}" }
        """,
        8,
        3,
        "GET /sagas/{id} is where the gateway answers");
  }

  @Test
  void anUnknownKeyInACompensation() {
    rejects(
        """
          POST /checkout:
            calls:
              order: { service: shop, method: POST, path: /orders, compensate: { path: /undo, retry: 3 } }
            response: "${order}"
        """,
        6,
        87,
        "unknown key 'retry'");
  }

  private static final String ASYNC_SAGA =
      """
      endpoints:
        POST /checkout:
          async: true
          calls:
            order: { service: shop, method: POST, path: /orders, compensate: { path: /undo } }
          response: "${order}"
      """;

  @Test
  void anAsyncSagaWithoutAStoreThatOutlivesTheProcess() {
    ConfigRejections.rejects(
        """
        services:
          shop: { urls: [http://127.0.0.1:9105] }
        """
            + ASYNC_SAGA,
        5,
        12,
        "async answers 202",
        "sagas.redis or cache.redis",
        "sagas: { redis: false }");
  }

  @Test
  void anAsyncSagaStoredInRedisOrKeptInProcessByChoice() throws Exception {
    String services = "services:\n  shop: { urls: [http://127.0.0.1:9105] }\n";
    GatewayPlan durable =
        PlanCompiler.compile(
            "t.yaml", "cache: { redis: \"redis://127.0.0.1:6390\" }\n" + services + ASYNC_SAGA);
    assertEquals("redis://127.0.0.1:6390", durable.sagas().redisUrl(), "the cache's by default");
    GatewayPlan chosen =
        PlanCompiler.compile(
            "t.yaml", "sagas: { redis: false, lease: 3s }\n" + services + ASYNC_SAGA);
    assertNull(chosen.sagas().redisUrl());
    assertEquals(Duration.ofSeconds(3), chosen.sagas().lease());
  }

  @Test
  void aSagaLogThatIsNotRedisOrALeaseTooShortToRenew() {
    ConfigRejections.rejects(
        """
        sagas: { redis: "http://127.0.0.1:6379" }
        services:
          shop: { urls: [http://127.0.0.1:9105] }
        endpoints:
          GET /x:
            calls:
              x: { service: shop, path: /x }
        """,
        1,
        17,
        "sagas.redis: bad value",
        "expected redis://");
    ConfigRejections.rejects(
        """
        sagas: { lease: 50ms }
        services:
          shop: { urls: [http://127.0.0.1:9105] }
        endpoints:
          GET /x:
            calls:
              x: { service: shop, path: /x }
        """,
        1,
        17,
        "sagas.lease must be at least 100ms");
    ConfigRejections.rejects(
        """
        sagas: { keep: 1h }
        services:
          shop: { urls: [http://127.0.0.1:9105] }
        endpoints:
          GET /x:
            calls:
              x: { service: shop, path: /x }
        """,
        1,
        10,
        "unknown key 'keep'");
  }
}
