package dev.mosaic.stubs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * One demo service on its own port: its API, its {@link Behaviour}, and the control API at {@code
 * /_control} ({@code GET} the state and request count, {@code POST} a change such as {@code
 * {"latency":"200ms"}}, {@code {"hang":true}}, {@code {"refuse":true}}, {@code
 * {"drip":{"bytes":16,"every":"50ms"}}}, {@code {"coldStart":{"idle":"2s","delay":"500ms"}}},
 * {@code DELETE} to restore). Refusing closes the listening socket, so callers see a real
 * connection refusal; the launcher's control port (or {@link #restore()}) opens it again on the
 * same port.
 */
public final class StubService {

  private static final int MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final String name;
  private final Behaviour behaviour;
  private final Router router;
  private final WriteEvents events;
  private volatile HttpServer server;
  private volatile int port;

  /** Serving https:// with this certificate, or null for plain HTTP. */
  private KeyCertOptions tls;

  /** CAs a client certificate must chain to (mutual TLS), or null for none asked. */
  private TrustOptions clientCas;

  private StubService(
      Vertx vertx, String name, Behaviour behaviour, SeedData data, WriteEvents events) {
    this.vertx = vertx;
    this.name = name;
    this.behaviour = behaviour;
    this.events = events;
    this.router = Router.router(vertx);
    router.get("/_control").handler(ctx -> Replies.json(ctx, 200, describe()));
    router
        .delete("/_control")
        .handler(
            ctx -> {
              behaviour.restore();
              Replies.json(ctx, 200, describe());
            });
    // Bodies are read before the behaviour delays the request: a BodyHandler must see the request
    // before anything asynchronous happens to it.
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.post("/_control").handler(this::control);
    router.route().handler(this::announceWrites);
    router.route().handler(this::applyBehaviour);
    // after the behaviour, like the API: health pings are counted, warm a cold instance, and see a
    // broken service as broken, as a real instance's health endpoint would
    router
        .get("/health")
        .handler(ctx -> Replies.json(ctx, 200, new JsonObject().put("status", "UP")));
    ServiceApi.named(name).mount(router, data);
  }

  /** Starts the service; port 0 picks a free one (see {@link #port()}). */
  public static Future<StubService> start(
      Vertx vertx, String name, int port, Behaviour behaviour, SeedData data) {
    return start(vertx, name, port, behaviour, data, WriteEvents.NONE);
  }

  /**
   * @param events where successful writes are announced
   */
  public static Future<StubService> start(
      Vertx vertx, String name, int port, Behaviour behaviour, SeedData data, WriteEvents events) {
    StubService service = new StubService(vertx, name, behaviour, data, events);
    return service.listen(port).map(service);
  }

  /**
   * Starts the service over TLS on a free port.
   *
   * @param clientCas null, or the CAs a client must present a certificate from (mutual TLS)
   */
  public static Future<StubService> startTls(
      Vertx vertx,
      String name,
      Behaviour behaviour,
      SeedData data,
      KeyCertOptions certificate,
      TrustOptions clientCas) {
    StubService service = new StubService(vertx, name, behaviour, data, WriteEvents.NONE);
    service.tls = certificate;
    service.clientCas = clientCas;
    return service.listen(0).map(service);
  }

  /**
   * After a write answered 2xx, tells the caches which tags it touched (see {@link WriteEvents}).
   */
  private void announceWrites(RoutingContext ctx) {
    String method = ctx.request().method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      String path = ctx.request().path();
      ctx.addEndHandler(
          ended -> {
            int status = ctx.response().getStatusCode();
            if (ended.succeeded() && status >= 200 && status < 300) {
              JsonObject body = null;
              try {
                body = ctx.body().asJsonObject();
              } catch (RuntimeException e) {
                // not JSON: only the path says what changed
              }
              events.publish(WriteEvents.tagsFor(method, path, body));
            }
          });
    }
    ctx.next();
  }

  private Future<Void> listen(int wanted) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(wanted)
            .setTcpNoDelay(true)
            .setReusePort(false);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(tls);
      if (clientCas != null) {
        options.setTrustOptions(clientCas).setClientAuth(ClientAuth.REQUIRED);
      }
    }
    HttpServer created = vertx.createHttpServer(options).requestHandler(router);
    return created
        .listen()
        .map(
            bound -> {
              server = bound;
              port = bound.actualPort();
              return null;
            });
  }

  private void control(RoutingContext ctx) {
    JsonObject change;
    try {
      change = ctx.body().asJsonObject();
      if (change == null) {
        throw new IllegalArgumentException("empty body");
      }
      behaviour.apply(change);
    } catch (RuntimeException e) {
      Replies.error(ctx, 400, "bad control request: " + e.getMessage());
      return;
    }
    if (Boolean.TRUE.equals(change.getBoolean("refuse"))) {
      // answer first: the socket this answer travels on belongs to the server being closed
      ctx.response()
          .putHeader("content-type", "application/json")
          .end(describe().toBuffer())
          .onComplete(done -> refuse());
      return;
    }
    Replies.json(ctx, 200, describe());
  }

  private void applyBehaviour(RoutingContext ctx) {
    behaviour.record(ctx.request().method().name(), ctx.request().uri(), ctx.request().headers());
    behaviour.started();
    ctx.addEndHandler(end -> behaviour.ended());
    // the instance starts before it can do anything else to the request, faults included
    long starting = behaviour.coldStartWaitMillis();
    if (starting <= 0) {
      misbehave(ctx);
    } else {
      vertx.setTimer(starting, id -> misbehave(ctx));
    }
  }

  private void misbehave(RoutingContext ctx) {
    if (ctx.response().closed()) {
      return; // the caller gave up during the cold start
    }
    if (behaviour.resetsConnections()) {
      ctx.request().connection().close();
      return;
    }
    if (behaviour.hangs()) {
      return; // accept, read, never answer
    }
    long delay = behaviour.nextLatencyMillis();
    boolean fail = behaviour.nextFails();
    if (delay <= 0) {
      answer(ctx, fail);
    } else {
      vertx.setTimer(delay, id -> answer(ctx, fail));
    }
  }

  private void answer(RoutingContext ctx, boolean fail) {
    if (ctx.response().closed()) {
      return;
    }
    if (behaviour.answersGarbage()) {
      ctx.response()
          .setStatusCode(200)
          .putHeader("content-type", "application/json")
          .end("{\"truncated\": [1, 2");
    } else if (behaviour.forcedStatus() > 0) {
      Replies.error(ctx, behaviour.forcedStatus(), "forced by the control API");
    } else if (fail) {
      Replies.error(ctx, 500, "injected failure");
    } else {
      BodyFault bodyFault = behaviour.bodyFault();
      if (bodyFault != null) {
        ctx.put(BodyFault.KEY, bodyFault);
      }
      if (behaviour.cacheControl() != null) {
        ctx.response().putHeader("cache-control", behaviour.cacheControl());
      }
      ctx.next();
    }
  }

  /** Closes the listening socket: new connections are refused until {@link #restore()}. */
  public Future<Void> refuse() {
    HttpServer current = server;
    server = null;
    return current == null ? Future.succeededFuture() : current.close();
  }

  /** Opens the socket again on the same port and restores the configured behaviour. */
  public Future<Void> restore() {
    behaviour.restore();
    return restoreSocket();
  }

  /** Opens the socket again on the same port, leaving the behaviour as it is. */
  public Future<Void> restoreSocket() {
    return server != null ? Future.succeededFuture() : listen(port);
  }

  public Future<Void> close() {
    return refuse();
  }

  public boolean refusing() {
    return server == null;
  }

  public String name() {
    return name;
  }

  public int port() {
    return port;
  }

  public Behaviour behaviour() {
    return behaviour;
  }

  public String url() {
    return (tls != null ? "https" : "http") + "://127.0.0.1:" + port;
  }

  JsonObject describe() {
    return behaviour.describe().put("service", name).put("port", port).put("refusing", refusing());
  }
}
