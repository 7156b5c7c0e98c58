package dev.mosaic.stubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The JSON API of one demo service over its part of the seed data. */
interface ServiceApi {

  /** How many ids one batch read accepts. */
  int MAX_BATCH = 500;

  void mount(Router router, SeedData data);

  static ServiceApi named(String name) {
    return switch (name) {
      case "catalog" -> new CatalogApi();
      case "inventory" -> new InventoryApi();
      case "reviews" -> new ReviewsApi();
      case "users" -> new UsersApi();
      case "orders" -> new OrdersApi();
      case "payments" -> new PaymentsApi();
      default ->
          throw new IllegalArgumentException(
              "no stub service named '"
                  + name
                  + "' (known: catalog, inventory, reviews, users, orders, payments)");
    };
  }

  /** GET /things/:id from a map. */
  static void one(RoutingContext ctx, Map<Long, JsonObject> table, String param) {
    long id = Replies.id(ctx, ctx.pathParam(param));
    if (id < 0) {
      return;
    }
    JsonObject found = table.get(id);
    if (found == null) {
      Replies.error(ctx, 404, "no such id: " + id);
    } else {
      Replies.json(ctx, 200, found);
    }
  }

  /** GET /things?ids=1,2,3: the ones that exist, in the order asked. */
  static void many(RoutingContext ctx, Map<Long, JsonObject> table) {
    String ids = ctx.request().getParam("ids");
    if (ids == null || ids.isBlank()) {
      Replies.error(ctx, 400, "ids is required, e.g. ?ids=1,2,3");
      return;
    }
    String[] parts = ids.split(",");
    if (parts.length > MAX_BATCH) {
      Replies.error(ctx, 400, "at most " + MAX_BATCH + " ids per request");
      return;
    }
    JsonArray found = new JsonArray();
    for (String part : parts) {
      long id = Replies.id(ctx, part.trim());
      if (id < 0) {
        return;
      }
      JsonObject item = table.get(id);
      if (item != null) {
        found.add(item);
      }
    }
    Replies.json(ctx, 200, found);
  }
}
