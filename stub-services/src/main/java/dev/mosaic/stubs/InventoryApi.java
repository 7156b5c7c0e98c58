package dev.mosaic.stubs;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Stock per product: {@code GET /stock/{id}}, {@code GET /stock?ids=}, {@code PATCH /stock/{id}}.
 */
final class InventoryApi implements ServiceApi {

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
  }
}
