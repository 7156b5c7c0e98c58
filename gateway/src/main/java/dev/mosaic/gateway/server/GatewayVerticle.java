package dev.mosaic.gateway.server;

import dev.mosaic.gateway.http.ServiceClients;
import dev.mosaic.rules.plan.GatewayPlan;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * One event loop's share of the gateway: its HTTP server (Vert.x spreads connections across the
 * instances listening on the same port), its router and its own service clients, so a request and
 * every call it makes stay on one loop.
 */
final class GatewayVerticle extends VerticleBase {

  /** Idle keep-alive connections are closed after this long. */
  static final int IDLE_TIMEOUT_SECONDS = 60;

  private final GatewayPlan plan;
  private final int port;
  private ServiceClients clients;
  private HttpServer server;

  GatewayVerticle(GatewayPlan plan, int port) {
    this.plan = plan;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    clients = new ServiceClients(vertx, plan.services().values());
    HttpServerOptions options = new HttpServerOptions()
        .setHost(plan.server().host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
    return vertx.createHttpServer(options)
        .requestHandler(RouterFactory.build(vertx, plan, clients))
        .listen()
        .onSuccess(bound -> server = bound);
  }

  @Override
  public Future<?> stop() {
    return clients.close();
  }

  int actualPort() {
    return server.actualPort();
  }
}
