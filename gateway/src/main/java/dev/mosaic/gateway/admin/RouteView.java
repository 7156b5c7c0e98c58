package dev.mosaic.gateway.admin;

import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.FanOut;
import dev.mosaic.rules.plan.GatewayPlan;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The compiled routes as the admin API shows them: each endpoint's calls with what they wait for,
 * and the stages the DAG runs in (a call's stage is one more than the latest stage it waits for;
 * calls of one stage run concurrently).
 */
final class RouteView {

  private RouteView() {}

  static JsonArray of(GatewayPlan plan) {
    JsonArray routes = new JsonArray();
    for (EndpointPlan endpoint : plan.endpoints()) {
      JsonObject route =
          new JsonObject()
              .put("method", endpoint.method())
              .put("route", endpoint.routePath())
              .put("deadlineMs", endpoint.deadline().toMillis())
              .put("passthrough", endpoint.passthrough())
              .put("cached", endpoint.cache() != null);
      List<CallPlan> calls = endpoint.calls();
      int[] stages = new int[calls.size()];
      java.util.Arrays.fill(stages, -1);
      JsonArray callViews = new JsonArray();
      for (CallPlan call : calls) {
        int s = stage(calls, call.index(), stages);
        JsonArray waitsFor = new JsonArray();
        call.dependsOn().forEach(dependency -> waitsFor.add(calls.get(dependency).name()));
        JsonObject view =
            new JsonObject()
                .put("name", call.name())
                .put("service", call.service().name())
                .put("method", call.method())
                .put("url", call.url().source())
                .put("required", !call.optional())
                .put("timeoutMs", call.timeout().toMillis())
                .put("dependsOn", waitsFor)
                .put("stage", s)
                .put("cached", call.cache() != null);
        if (call.fanOut() instanceof FanOut.ForEach forEach) {
          view.put(
              "forEach",
              new JsonObject()
                  .put("over", forEach.over().source())
                  .put("concurrency", forEach.concurrency())
                  .put("maxItems", forEach.maxItems()));
        } else if (call.fanOut() instanceof FanOut.Batch batch) {
          view.put(
              "batch",
              new JsonObject()
                  .put("over", batch.over().source())
                  .put("maxItems", batch.maxItems()));
        }
        callViews.add(view);
      }
      route.put("calls", callViews);
      routes.add(route);
    }
    return routes;
  }

  /**
   * The compiler rejects cycles, so this recursion ends; its depth is at most the number of calls.
   */
  private static int stage(List<CallPlan> calls, int call, int[] stages) {
    if (stages[call] < 0) {
      int s = 0;
      for (int dependency : calls.get(call).dependsOn()) {
        s = Math.max(s, stage(calls, dependency, stages) + 1);
      }
      stages[call] = s;
    }
    return stages[call];
  }
}
