package dev.mosaic.stubs;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Stock per product: {@code GET /stock/{id}}, {@code GET /stock?ids=}, {@code PATCH /stock/{id}}.
 */
final class InventoryApi implements ServiceApi {

  /** Reservations by order: what {@code DELETE /reservations?order=} gives back. */
  private final java.util.Map<Long, JsonObject> reservations =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicLong ids =
      new java.util.concurrent.atomic.AtomicLong();
  private final IdempotentWrites writes = new IdempotentWrites();

  @Override
  public void mount(Router router, SeedData data) {
    router.get("/stock/:id").handler(ctx -> ServiceApi.one(ctx, data.stock, "id"));
    router.get("/stock").handler(ctx -> ServiceApi.many(ctx, data.stock));
    router
        .patch("/stock/:id")
        .handler(
            ctx -> {
              long id = Replies.id(ctx, ctx.pathParam("id"));
              if (id < 0) {
                return;
              }
              JsonObject change;
              try {
                change = ctx.body().asJsonObject();
              } catch (RuntimeException e) {
                Replies.error(ctx, 400, "body must be JSON like {\"available\": 5}");
                return;
              }
              if (change == null
                  || !(change.getValue("available") instanceof Number available)
                  || available.intValue() < 0) {
                Replies.error(ctx, 400, "body must be JSON like {\"available\": 5}");
                return;
              }
              JsonObject current = data.stock.get(id);
              if (current == null) {
                Replies.error(ctx, 404, "no such id: " + id);
                return;
              }
              JsonObject updated = current.copy().put("available", available.intValue());
              data.stock.put(id, updated);
              Replies.json(ctx, 200, updated);
            });
    router
        .post("/reservations")
        .handler(ctx -> writes.handle(ctx, reply -> reserve(ctx, data, reply)));
    router
        .delete("/reservations")
        .handler(
            ctx -> {
              long order = Replies.id(ctx, ctx.request().getParam("order"));
              if (order < 0) {
                return;
              }
              JsonObject reservation = reservations.remove(order);
              if (reservation != null) {
                for (Object item : reservation.getJsonArray("items")) {
                  JsonObject line = (JsonObject) item;
                  data.stock.computeIfPresent(
                      line.getLong("productId"),
                      (id, stock) ->
                          stock
                              .copy()
                              .put(
                                  "available",
                                  stock.getInteger("available") + line.getInteger("quantity")));
                }
              }
              Replies.json(
                  ctx,
                  200,
                  new JsonObject().put("order", order).put("released", reservation != null));
            });
  }

  /**
   * Takes {@code {order, items: [{productId, quantity}]}} out of stock at once, or nothing (409)
   * when any item is short.
   */
  private void reserve(
      io.vertx.ext.web.RoutingContext ctx, SeedData data, IdempotentWrites.Reply reply) {
    JsonObject asked;
    try {
      asked = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      asked = null;
    }
    if (asked == null
        || !(asked.getValue("order") instanceof Number order)
        || !(asked.getValue("items") instanceof io.vertx.core.json.JsonArray items)) {
      reply.send(
          400,
          new JsonObject().put("error", "body must be JSON like {\"order\": 7, \"items\": [...]}"));
      return;
    }
    synchronized (reservations) {
      for (Object item : items) {
        JsonObject line = item instanceof JsonObject o ? o : null;
        JsonObject stock =
            line == null || line.getLong("productId") == null
                ? null
                : data.stock.get(line.getLong("productId"));
        if (stock == null
            || line.getInteger("quantity", 0) <= 0
            || stock.getInteger("available") < line.getInteger("quantity")) {
          reply.send(409, new JsonObject().put("error", "not enough stock for " + item));
          return;
        }
      }
      for (Object item : items) {
        JsonObject line = (JsonObject) item;
        data.stock.computeIfPresent(
            line.getLong("productId"),
            (id, stock) ->
                stock
                    .copy()
                    .put("available", stock.getInteger("available") - line.getInteger("quantity")));
      }
      JsonObject reservation =
          new JsonObject()
              .put("id", ids.incrementAndGet())
              .put("order", order.longValue())
              .put("items", items);
      reservations.put(order.longValue(), reservation);
      reply.send(201, reservation);
    }
  }
}
