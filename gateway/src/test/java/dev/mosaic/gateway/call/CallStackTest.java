package dev.mosaic.gateway.call;

import static dev.mosaic.gateway.call.Outbounds.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.resilience.ServiceGuards;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order of the layers, seen from outside: a call and all its retries are one breaker verdict
 * and hold one bulkhead slot, and what the bulkhead turns away never reaches an instance. Built as
 * production builds it, from YAML; the backoffs run on manual time.
 */
class CallStackTest {

  private static final String CONFIG =
      """
      services:
        catalog:
          urls: ["http://127.0.0.1:9", "http://127.0.0.1:10"]
          maxInFlight: 1
          circuitBreaker: { failures: 2, openFor: 30s }
          retry: { attempts: 3, backoff: 10ms, maxBackoff: 10ms, budget: 100% }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
      """;

  private final Vertx vertx = Vertx.vertx(); // the breakers' reset timers; nothing else runs on it
  private final ManualTimeouts time = new ManualTimeouts();
  private final ScriptedCaller http = new ScriptedCaller();
  private final GatewayPlan plan = compile();
  private final Guards guards = Guards.create(vertx, plan);
  private final CallStack stack = CallStack.build(plan, guards, http, time);

  @AfterEach
  void close() throws Exception {
    guards.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static GatewayPlan compile() {
    try {
      return PlanCompiler.compile("call-stack-test.yaml", CONFIG);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Exchange send() {
    CallPlan product = plan.endpoints().get(0).calls().get(0);
    return stack.send(
        new Outbound(
            product.service(),
            product.resilience(),
            new ServiceRequest("GET", "/products/1", MultiMap.caseInsensitiveMultiMap(), null),
            System.nanoTime() + TimeUnit.SECONDS.toNanos(30),
            false,
            -1,
            "GET /p/{id}"));
  }

  @Test
  void aCallAndItsRetriesAreOneBreakerVerdictAndHoldOneBulkheadSlot() {
    ServiceGuards catalog = guards.of("catalog");
    http.thenFail(Kind.CONNECT).thenFail(Kind.CONNECT).thenFail(Kind.CONNECT);
    Exchange first = send();
    assertEquals(1, http.calls());
    assertEquals(
        Kind.BULKHEAD_FULL, failureOf(send()).kind(), "the slot is held through the backoff");
    assertEquals(1, http.calls(), "turned away above the retries and the instances");
    time.advanceMillis(10);
    time.advanceMillis(10);
    assertEquals(3, http.calls());
    assertEquals(
        http.sent(0).instance() == 0 ? 1 : 0,
        http.sent(1).instance(),
        "each retry on the other instance");
    assertEquals(Kind.CONNECT, failureOf(first).kind());
    assertEquals(
        CircuitBreakerState.CLOSED,
        catalog.breaker().state(),
        "three failed tries, one failed call");
    assertEquals(0, catalog.bulkhead().inFlight());

    http.thenFail(Kind.RESET).thenFail(Kind.RESET).thenFail(Kind.RESET);
    send();
    time.advanceMillis(10);
    time.advanceMillis(10);
    assertEquals(CircuitBreakerState.OPEN, catalog.breaker().state(), "the second failed call");
    assertEquals(Kind.BREAKER_OPEN, failureOf(send()).kind());
    assertEquals(6, http.calls());
    assertEquals(
        0,
        catalog.bulkhead().inFlight(),
        "an open breaker turns a call away before it takes a slot");
  }
}
