package dev.mosaic.gateway.call;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.Resilience;
import dev.mosaic.rules.plan.ServiceAddress;
import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.MultiMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Services and calls for the decorator tests: only what a layer reads is meaningful. */
final class Outbounds {

  private Outbounds() {}

  static ServicePlan service(String name, int instances) {
    List<ServiceAddress> addresses = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      addresses.add(new ServiceAddress(false, "127.0.0.1", 9000 + i));
    }
    return new ServicePlan(
        name,
        addresses,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        8,
        8,
        1 << 20,
        Map.of(),
        Resilience.NONE,
        null);
  }

  /** How {@code exchange} failed; fails the test if it did not (yet). */
  static CallFailure failureOf(Exchange exchange) {
    assertTrue(exchange.result().failed(), () -> "expected a failure, got " + exchange.result());
    return CallFailure.classify(exchange.result().cause());
  }

  /** The status {@code exchange} answered; fails the test if it did not (yet). */
  static int statusOf(Exchange exchange) {
    assertTrue(
        exchange.result().succeeded(),
        () ->
            "expected an answer, got "
                + exchange.result()
                + (exchange.result().failed() ? " " + exchange.result().cause() : ""));
    return exchange.result().result().status();
  }

  static Outbound call(ServicePlan service, CallResilience policy, long endsAtNanos) {
    return new Outbound(
        service,
        policy,
        new ServiceRequest("GET", "/items/1", MultiMap.caseInsensitiveMultiMap(), null),
        endsAtNanos,
        false,
        -1,
        "GET /items/{id}");
  }
}
