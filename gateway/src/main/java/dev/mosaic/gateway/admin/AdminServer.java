package dev.mosaic.gateway.admin;

import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.rules.plan.ServerSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The admin API, on its own port (loopback by default), never on the public one. For now it
 * purges the fragment cache by tag: {@code DELETE /admin/cache?tag=product:42&tag=...} drops the
 * tagged entries here, in Redis and, through Redis pub/sub, in every other gateway process.
 */
public final class AdminServer {

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  /** @param cache null when no call is cached */
  public static Future<AdminServer> start(Vertx vertx, ServerSettings settings, FragmentCache cache) {
    Router router = Router.router(vertx);
    router.delete("/admin/cache").handler(ctx -> purge(ctx, cache));
    router.errorHandler(404, ctx -> problem(ctx, 404, "not-found", "no admin endpoint " + ctx.request().path()));
    router.errorHandler(405, ctx -> problem(ctx, 405, "method-not-allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    return vertx.createHttpServer(new HttpServerOptions().setHost(settings.adminHost()).setPort(settings.adminPort()))
        .requestHandler(router).listen().map(AdminServer::new);
  }

  private static void purge(RoutingContext ctx, FragmentCache cache) {
    List<String> tags = ctx.queryParam("tag").stream().filter(t -> !t.isBlank()).toList();
    if (tags.isEmpty()) {
      problem(ctx, 400, "bad-request", "say which entries to drop: ?tag=product:42 (one or more)");
      return;
    }
    int dropped = cache == null ? 0 : cache.invalidate(tags);
    ctx.response().putHeader("content-type", "application/json").end(new JsonObject()
        .put("tags", new JsonArray(tags)).put("droppedHere", dropped).put("shared", cache != null && cache.isShared())
        .toBuffer());
  }

  private static void problem(RoutingContext ctx, int status, String type, String detail) {
    ctx.response().setStatusCode(status).putHeader("content-type", Problem.CONTENT_TYPE)
        .end(Problem.of(status, type, detail, ctx.request().path()).toBuffer());
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
