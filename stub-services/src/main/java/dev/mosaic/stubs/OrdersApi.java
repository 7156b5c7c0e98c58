package dev.mosaic.stubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Orders: {@code GET /orders/{id}}, {@code GET /orders?customerId=&limit=} (newest first, summaries
 * only: a client wanting details fetches each order), {@code POST /orders}.
 */
final class OrdersApi implements ServiceApi {

  private final IdempotentWrites writes = new IdempotentWrites();

  @Override
  public void mount(Router router, SeedData data) {
    router.get("/orders/:id").handler(ctx -> ServiceApi.one(ctx, data.orders, "id"));
    router
        .get("/orders")
        .handler(
            ctx -> {
              long customerId = Replies.id(ctx, ctx.request().getParam("customerId"));
              if (customerId < 0) {
                return;
              }
              int limit = Replies.intParam(ctx, "limit", 10, 100);
              List<Long> ids = data.ordersByCustomer.getOrDefault(customerId, List.of());
              List<Long> newestFirst;
              synchronized (ids) {
                newestFirst = new ArrayList<>(ids);
              }
              Collections.reverse(newestFirst);
              JsonArray page = new JsonArray();
              for (Long id : newestFirst.subList(0, Math.min(limit, newestFirst.size()))) {
                JsonObject order = data.orders.get(id);
                page.add(
                    new JsonObject()
                        .put("id", id)
                        .put("createdAt", order.getString("createdAt"))
                        .put("total", order.getValue("total")));
              }
              Replies.json(ctx, 200, page);
            });
    router
        .post("/orders")
        .handler(
            ctx ->
                writes.handle(
                    ctx,
                    reply -> {
                      JsonObject order;
                      try {
                        order = ctx.body().asJsonObject();
                      } catch (RuntimeException e) {
                        order = null;
                      }
                      if (order == null
                          || !(order.getValue("customerId") instanceof Number customer)
                          || !(order.getValue("items") instanceof JsonArray items)
                          || items.isEmpty()) {
                        reply.send(
                            400,
                            new JsonObject()
                                .put(
                                    "error",
                                    "body must be JSON with customerId and a non-empty items list")
                                .put("status", 400));
                        return;
                      }
                      long id = data.nextOrderId.incrementAndGet();
                      JsonObject stored =
                          new JsonObject()
                              .put("id", id)
                              .put("customerId", customer.longValue())
                              .put("createdAt", java.time.Instant.now().toString())
                              .put("status", "placed")
                              .put("items", items);
                      data.orders.put(id, stored);
                      data.ordersByCustomer
                          .computeIfAbsent(
                              customer.longValue(),
                              c -> Collections.synchronizedList(new ArrayList<>()))
                          .add(id);
                      reply.send(201, stored);
                    }));
    // the saga demo's compensation: an order is cancelled, not forgotten (idempotent: cancelling
    // a cancelled order changes nothing)
    router
        .delete("/orders/:id")
        .handler(
            ctx -> {
              long id = Replies.id(ctx, ctx.pathParam("id"));
              if (id < 0) {
                return;
              }
              JsonObject order = data.orders.get(id);
              if (order == null) {
                Replies.error(ctx, 404, "no such id: " + id);
                return;
              }
              JsonObject cancelled = order.copy().put("status", "cancelled");
              data.orders.put(id, cancelled);
              Replies.json(ctx, 200, cancelled);
            });
  }
}
