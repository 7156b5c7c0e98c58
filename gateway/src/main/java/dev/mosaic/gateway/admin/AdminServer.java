package dev.mosaic.gateway.admin;

import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.reload.ConfigReloader;
import dev.mosaic.gateway.reload.Generation;
import dev.mosaic.gateway.resilience.ServiceGuards;
import dev.mosaic.gateway.saga.SagaOperations;
import dev.mosaic.rules.plan.ServerSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API, on its own port (loopback by default), never on the public one:
 *
 * <pre>
 *   GET    /health/live       the process is up (no token: for probes)
 *   GET    /health/ready      a config is loaded and serving; which breakers are open (no token)
 *   GET    /metrics           Prometheus text format
 *   GET    /admin/config      the running config, credentials redacted
 *   GET    /admin/routes      the compiled routes and their call DAGs
 *   GET    /admin/breakers    each service's breaker, bulkhead and instances
 *   DELETE /admin/cache?tag=  drops tagged entries here, in Redis and in every other process
 *   POST   /admin/reload      reloads the config file now
 * </pre>
 *
 * With {@code server.adminTokenFile}, everything but health needs {@code Authorization: Bearer}.
 */
public final class AdminServer {

  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  /** What the admin API reads and acts on. */
  public record Backing(
      Supplier<Generation> generation,
      FragmentCache cache,
      PrometheusMeterRegistry registry,
      ConfigReloader reloader,
      SagaOperations sagas,
      Supplier<dev.mosaic.gateway.view.Views> views,
      Supplier<JsonObject> events,
      java.util.function.Function<List<String>, Future<String>> announce,
      java.util.function.BooleanSupplier draining) {}

  private final Vertx vertx;
  private volatile BearerToken token;
  private HttpServer server;

  private AdminServer(Vertx vertx, BearerToken token) {
    this.vertx = vertx;
    this.token = token;
  }

  /**
   * Fails when the token file is set but unreadable: an admin API meant to be locked never opens
   * unlocked.
   */
  public static Future<AdminServer> start(Vertx vertx, ServerSettings settings, Backing backing) {
    Future<BearerToken> token =
        settings.adminTokenFile() == null
            ? Future.succeededFuture()
            : BearerToken.read(vertx, settings.adminTokenFile());
    return token.compose(
        required -> {
          AdminServer self = new AdminServer(vertx, required);
          Router router = Router.router(vertx);
          router.get(HealthServer.LIVE).handler(AdminServer::live);
          router.get(HealthServer.READY).handler(ctx -> ready(ctx, backing));
          router.route().handler(self::authorize);
          router.get("/metrics").handler(ctx -> metrics(ctx, backing));
          router.get("/admin/config").handler(ctx -> config(ctx, backing));
          router
              .get("/admin/routes")
              .handler(
                  ctx ->
                      json(
                          ctx,
                          200,
                          new JsonObject()
                              .put("generation", backing.generation().get().number())
                              .put("routes", RouteView.of(backing.generation().get().plan()))));
          router
              .get("/admin/breakers")
              .handler(ctx -> json(ctx, 200, breakers(backing.generation().get())));
          router
              .delete("/admin/cache")
              .handler(ctx -> purge(ctx, backing.cache(), backing.announce()));
          router.post("/admin/reload").handler(ctx -> reload(ctx, backing.reloader()));
          SagaAdmin sagas = new SagaAdmin(backing.sagas());
          router.get("/admin/sagas").handler(sagas::list);
          router.post("/admin/sagas/:id/retry").handler(sagas::retry);
          ViewAdmin views = new ViewAdmin(backing.views(), backing.events());
          router.get("/admin/views").handler(views::list);
          router.post("/admin/views/*").handler(views::rebuild);
          router.errorHandler(
              404,
              ctx -> problem(ctx, 404, "not-found", "no admin endpoint " + ctx.request().path()));
          router.errorHandler(
              405,
              ctx ->
                  problem(
                      ctx,
                      405,
                      "method-not-allowed",
                      ctx.request().method() + " is not allowed on " + ctx.request().path()));
          return vertx
              .createHttpServer(
                  new HttpServerOptions()
                      .setHost(settings.adminHost())
                      .setPort(settings.adminPort()))
              .requestHandler(router)
              .listen()
              .map(
                  server -> {
                    self.server = server;
                    return self;
                  });
        });
  }

  private void authorize(RoutingContext ctx) {
    BearerToken required = token;
    if (required == null || required.admits(ctx.request().getHeader("authorization"))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("www-authenticate", "Bearer realm=\"mosaic-admin\"");
    problem(
        ctx,
        401,
        "unauthorized",
        "the admin API needs Authorization: Bearer <the token in server.adminTokenFile>");
  }

  /**
   * Reads the token file again after a reload (rotation); an unreadable one keeps the old token.
   */
  public void refreshToken(String file) {
    if (file == null) {
      if (token != null) {
        LOG.warn(
            "server.adminTokenFile was removed from the config: the admin API keeps its token until restart");
      }
      return;
    }
    BearerToken.read(vertx, file)
        .onComplete(
            read -> {
              if (read.succeeded()) {
                token = read.result();
              } else {
                LOG.error("{}; the admin API keeps its previous token", read.cause().getMessage());
              }
            });
  }

  /** Live while the process answers at all, draining included. */
  static void live(RoutingContext ctx) {
    json(ctx, 200, new JsonObject().put("status", "live"));
  }

  /**
   * Ready unless draining (SIGTERM): a load balancer must stop sending before the listener closes.
   */
  static void ready(RoutingContext ctx, Backing backing) {
    if (backing.draining().getAsBoolean()) {
      json(ctx, 503, new JsonObject().put("status", "draining"));
      return;
    }
    Generation generation = backing.generation().get();
    JsonArray open = new JsonArray();
    JsonArray halfOpen = new JsonArray();
    generation
        .guards()
        .all()
        .values()
        .forEach(
            g -> {
              if (g.breaker() != null && g.breaker().state() == CircuitBreakerState.OPEN) {
                open.add(g.service());
              } else if (g.breaker() != null
                  && g.breaker().state() == CircuitBreakerState.HALF_OPEN) {
                halfOpen.add(g.service());
              }
            });
    // open breakers do not make the gateway unready: it still answers, degraded or 503 by design,
    // and taking it out of a load balancer would move the same traffic to peers seeing the same
    // service
    json(
        ctx,
        200,
        new JsonObject()
            .put("status", "ready")
            .put("generation", generation.number())
            .put("config", generation.plan().source())
            .put("loadedAt", generation.loadedAt().toString())
            .put("endpoints", generation.plan().endpoints().size())
            .put("openBreakers", open)
            .put("halfOpenBreakers", halfOpen));
  }

  private static void metrics(RoutingContext ctx, Backing backing) {
    // a scrape walks every meter: off the event loop, so it never delays the admin API's other
    // answers
    ctx.vertx()
        .executeBlocking(() -> backing.registry().scrape(), false)
        .onComplete(
            scraped -> {
              if (scraped.failed()) {
                problem(ctx, 500, "internal", "the metrics could not be gathered");
                return;
              }
              ctx.response()
                  .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                  .end(scraped.result());
            });
  }

  private static void config(RoutingContext ctx, Backing backing) {
    Generation generation = backing.generation().get();
    if (generation.configText() == null) {
      problem(ctx, 404, "not-found", "this gateway was started without a config file to show");
      return;
    }
    json(
        ctx,
        200,
        new JsonObject()
            .put("generation", generation.number())
            .put("source", generation.plan().source())
            .put("loadedAt", generation.loadedAt().toString())
            .put("config", RedactedConfig.of(generation.configText())));
  }

  private static JsonObject breakers(Generation generation) {
    JsonObject services = new JsonObject();
    for (ServiceGuards g : generation.guards().all().values()) {
      JsonObject service = new JsonObject();
      service.put(
          "breaker",
          g.breaker() == null ? "none" : g.breaker().state().name().toLowerCase(Locale.ROOT));
      if (g.breaker() != null && g.breaker().state() != CircuitBreakerState.CLOSED) {
        service.put("retryAfterMs", g.breaker().retryAfterMillis());
      }
      if (g.bulkhead() != null) {
        service.put(
            "bulkhead",
            new JsonObject()
                .put("inFlight", g.bulkhead().inFlight())
                .put("limit", g.bulkhead().limit()));
      }
      JsonArray instances = new JsonArray();
      for (int i = 0; i < g.instances().size(); i++) {
        instances.add(
            new JsonObject()
                .put("url", g.instances().instance(i).address().toString())
                .put("ejected", g.instances().ejected(i)));
      }
      service.put("instances", instances);
      if (g.callBudget() != null) {
        service.put(
            "callBudget",
            new JsonObject()
                .put("perSecond", g.callBudget().settings().perSecond())
                .put("enforce", g.callBudget().settings().enforce())
                .put("exceeded", g.callBudget().exceeded()));
      }
      services.put(g.service(), service);
    }
    return new JsonObject().put("generation", generation.number()).put("services", services);
  }

  /**
   * Drops the tagged entries here and in Redis at once, and appends the change to the event stream
   * (so every gateway, one that is down included, drops them and recomposes the views they mark):
   * the answer says where in the stream, as a write's {@code Mosaic-Version} does.
   */
  private static void purge(
      RoutingContext ctx,
      FragmentCache cache,
      java.util.function.Function<List<String>, Future<String>> announce) {
    List<String> tags = ctx.queryParam("tag").stream().filter(t -> !t.isBlank()).toList();
    if (tags.isEmpty()) {
      problem(ctx, 400, "bad-request", "say which entries to drop: ?tag=product:42 (one or more)");
      return;
    }
    int dropped = cache.invalidate(tags);
    announce
        .apply(tags)
        .onComplete(
            appended ->
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("tags", new JsonArray(tags))
                        .put("droppedHere", dropped)
                        .put("shared", cache.isShared())
                        .put("version", appended.succeeded() ? appended.result() : null)));
  }

  private static void reload(RoutingContext ctx, ConfigReloader reloader) {
    if (reloader == null) {
      problem(
          ctx, 409, "no-config-file", "this gateway was started without a config file to reload");
      return;
    }
    reloader
        .reload("admin API")
        .onComplete(
            done -> {
              if (done.failed()) {
                problem(
                    ctx,
                    500,
                    "internal",
                    "the reload failed unexpectedly: " + done.cause().getMessage());
                return;
              }
              json(ctx, done.result().rejected() ? 422 : 200, done.result().toJson());
            });
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.toBuffer());
  }

  static void problem(RoutingContext ctx, int status, String type, String detail) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", Problem.CONTENT_TYPE)
        .end(Problem.of(status, type, detail, ctx.request().path()).toBuffer());
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
