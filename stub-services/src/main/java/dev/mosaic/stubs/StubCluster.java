package dev.mosaic.stubs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All demo services started from one {@link StubsConfig} over one seed, plus a control port whose
 * {@code /_control/{service}} reaches a service even while it refuses connections.
 */
public final class StubCluster {

  private final Map<String, StubService> services;
  private final HttpServer control;
  private final SeedData data;

  private StubCluster(Map<String, StubService> services, HttpServer control, SeedData data) {
    this.services = services;
    this.control = control;
    this.data = data;
  }

  public static Future<StubCluster> start(Vertx vertx, StubsConfig config) {
    return start(vertx, config, WriteEvents.NONE);
  }

  /**
   * @param events where the services announce their writes (for cache invalidation)
   */
  public static Future<StubCluster> start(Vertx vertx, StubsConfig config, WriteEvents events) {
    SeedData data = SeedData.generate(config.seed());
    Map<String, StubService> started = new LinkedHashMap<>();
    List<Future<StubService>> starting = new ArrayList<>();
    long salt = 0;
    for (Map.Entry<String, StubsConfig.ServiceSettings> e : config.services().entrySet()) {
      StubsConfig.ServiceSettings s = e.getValue();
      Behaviour behaviour = new Behaviour(s.latency(), s.errorRate(), config.seed() + ++salt);
      starting.add(
          StubService.start(vertx, e.getKey(), s.port(), behaviour, data, events)
              .onSuccess(service -> started.put(service.name(), service)));
    }
    return Future.all(starting)
        .compose(all -> controlServer(vertx, config.controlPort(), started))
        .map(control -> new StubCluster(orderedLike(config, started), control, data))
        .recover(
            failure -> {
              started.values().forEach(StubService::close);
              return Future.failedFuture(failure);
            });
  }

  private static Map<String, StubService> orderedLike(
      StubsConfig config, Map<String, StubService> started) {
    Map<String, StubService> ordered = new LinkedHashMap<>();
    config.services().keySet().forEach(name -> ordered.put(name, started.get(name)));
    return ordered;
  }

  private static Future<HttpServer> controlServer(
      Vertx vertx, int port, Map<String, StubService> services) {
    Router router = Router.router(vertx);
    router
        .get("/_control")
        .handler(
            ctx -> {
              JsonArray all = new JsonArray();
              services.values().forEach(s -> all.add(s.describe().put("recent", new JsonArray())));
              Replies.json(ctx, 200, all);
            });
    router
        .route("/_control/:service")
        .handler(BodyHandler.create().setBodyLimit(4096))
        .handler(
            ctx -> {
              StubService service = services.get(ctx.pathParam("service"));
              if (service == null) {
                Replies.error(ctx, 404, "no stub service named " + ctx.pathParam("service"));
                return;
              }
              switch (ctx.request().method().name()) {
                case "GET" -> Replies.json(ctx, 200, service.describe());
                case "DELETE" ->
                    service
                        .restore()
                        .onComplete(done -> Replies.json(ctx, 200, service.describe()));
                case "POST" -> {
                  JsonObject change = ctx.body().asJsonObject();
                  try {
                    service.behaviour().apply(change == null ? new JsonObject() : change);
                  } catch (RuntimeException e) {
                    Replies.error(ctx, 400, "bad control request: " + e.getMessage());
                    return;
                  }
                  Boolean refuse = change == null ? null : change.getBoolean("refuse");
                  Future<Void> socket =
                      refuse == null
                          ? Future.succeededFuture()
                          : refuse ? service.refuse() : service.restoreSocket();
                  socket.onComplete(done -> Replies.json(ctx, 200, service.describe()));
                }
                default -> Replies.error(ctx, 405, "GET, POST or DELETE");
              }
            });
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
  }

  public StubService service(String name) {
    StubService service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("no stub service named " + name);
    }
    return service;
  }

  public Map<String, StubService> services() {
    return services;
  }

  /**
   * The data every service answers from, so tests compute expected answers instead of hard-coding
   * them.
   */
  public SeedData data() {
    return data;
  }

  /** Every service back to its configured behaviour and accepting connections, counters at zero. */
  public Future<Void> restoreAll() {
    List<Future<Void>> restoring = new ArrayList<>();
    services.values().forEach(s -> restoring.add(s.restore()));
    return Future.all(restoring).mapEmpty();
  }

  public int controlPort() {
    return control.actualPort();
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    services.values().forEach(s -> closing.add(s.close()));
    closing.add(control.close());
    return Future.join(closing).mapEmpty();
  }
}
