package dev.mosaic.gateway.call;

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
    return new ServicePlan(name, addresses, Duration.ofSeconds(1), Duration.ofSeconds(1), 8, 8, 1 << 20,
        Map.of(), Resilience.NONE, null);
  }

  static Outbound call(ServicePlan service, CallResilience policy, long endsAtNanos) {
    return new Outbound(service, policy, new ServiceRequest("GET", "/items/1", MultiMap.caseInsensitiveMultiMap(),
        null), endsAtNanos, false, -1, "GET /items/{id}");
  }
}
