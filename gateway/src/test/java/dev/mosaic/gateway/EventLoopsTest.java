package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.server.Gateway;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every server instance on an event loop of its own. Services with breakers and budgets set
 * themselves up from outside Vert.x before the servers deploy, which takes loops from the round
 * robin; deployed one at a time, the servers once landed on one loop and left a core idle.
 */
class EventLoopsTest {

  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: %d }
      services:
        a: { urls: ["http://127.0.0.1:1"], circuitBreaker: { failures: 5 }, callBudget: { perSecond: 10 } }
        b: { urls: ["http://127.0.0.1:1"], circuitBreaker: { failures: 5 } }
        c: { urls: ["http://127.0.0.1:1"], circuitBreaker: { failures: 5 } }
      endpoints:
        GET /x:
          calls:
            a: { service: a, path: "/x" }
      """;

  private Vertx vertx;

  @AfterEach
  void close() throws Exception {
    GatewayHarness.await(vertx.close());
  }

  @Test
  void eachServerInstanceServesOnItsOwnLoop() throws Exception {
    for (int loops : new int[] {2, 3, 4}) {
      vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
      GatewayPlan plan = PlanCompiler.compile("loops.yaml", CONFIG.formatted(loops));
      Gateway gateway = GatewayHarness.await(Gateway.start(vertx, plan));
      assertEquals(
          loops, gateway.servingLoops(), "server instances on distinct event loops of " + loops);
      GatewayHarness.await(gateway.close());
      GatewayHarness.await(vertx.close());
    }
    vertx = Vertx.vertx();
  }
}
