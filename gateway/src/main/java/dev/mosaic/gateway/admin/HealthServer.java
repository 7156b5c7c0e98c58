package dev.mosaic.gateway.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * {@code /health/live} and {@code /health/ready} on a listener of their own ({@code
 * server.healthPort}), for probes that must not reach the admin API: the same answers as the admin
 * port's, nothing else, no token.
 */
public final class HealthServer {

  /** The probes' paths, the same on the admin port. */
  public static final String LIVE = "/health/live";

  public static final String READY = "/health/ready";

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  public static Future<HealthServer> start(
      Vertx vertx, String host, int port, AdminServer.Backing backing) {
    Router router = Router.router(vertx);
    router.get(LIVE).handler(AdminServer::live);
    router.get(READY).handler(ctx -> AdminServer.ready(ctx, backing));
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen()
        .map(HealthServer::new);
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
