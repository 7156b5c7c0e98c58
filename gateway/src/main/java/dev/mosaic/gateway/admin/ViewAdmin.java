package dev.mosaic.gateway.admin;

import dev.mosaic.gateway.view.Views;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /admin/views} lists the view endpoints this process holds views of (how many, how many
 * stale, the longest stale) and the event consumer's position and lag; {@code POST
 * /admin/views/<route path>/rebuild} (e.g. {@code /admin/views/products/{id}/rebuild}) recomposes
 * every view of that route this process holds, in the background.
 */
final class ViewAdmin {

  private static final String PREFIX = "/admin/views/";
  private static final String REBUILD = "/rebuild";

  private final Supplier<Views> views;
  private final Supplier<JsonObject> consumer;

  ViewAdmin(Supplier<Views> views, Supplier<JsonObject> consumer) {
    this.views = views;
    this.consumer = consumer;
  }

  void list(RoutingContext ctx) {
    AdminServer.json(ctx, 200, views.get().describe().put("events", consumer.get()));
  }

  void rebuild(RoutingContext ctx) {
    String path = ctx.request().path();
    if (!path.startsWith(PREFIX) || !path.endsWith(REBUILD)) {
      AdminServer.problem(ctx, 404, "not-found", "no admin endpoint " + path);
      return;
    }
    String routePath =
        "/"
            + URLDecoder.decode(
                path.substring(PREFIX.length(), path.length() - REBUILD.length())
                    .replace("+", "%2B"),
                StandardCharsets.UTF_8);
    String route = "GET " + routePath;
    int requested = views.get().rebuild(route);
    AdminServer.json(ctx, 202, new JsonObject().put("route", route).put("rebuilding", requested));
  }
}
