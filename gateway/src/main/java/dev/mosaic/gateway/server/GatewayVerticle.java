package dev.mosaic.gateway.server;

import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.cache.ResponseCache;
import dev.mosaic.gateway.call.CallStack;
import dev.mosaic.gateway.http.ServiceClients;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.resilience.Warmup;
import dev.mosaic.gateway.time.TimeoutWheel;
import dev.mosaic.rules.plan.GatewayPlan;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * One event loop's share of the gateway: its HTTP server (Vert.x spreads connections across the
 * instances listening on the same port), its router, its own service clients, call stacks and
 * timeout wheel, so a request, every call it makes and every limit on them stay on one loop. The
 * resilience state behind the call stacks ({@link Guards}) is the process's, shared by all loops.
 */
final class GatewayVerticle extends VerticleBase {

  /** Idle keep-alive connections are closed after this long. */
  static final int IDLE_TIMEOUT_SECONDS = 60;

  private final GatewayPlan plan;
  private final int port;
  private final Guards guards;
  private final FragmentCache cache;
  private final boolean first;
  private ServiceClients clients;
  private TimeoutWheel timeouts;
  private Warmup warmup;
  private HttpServer server;

  /** @param first whether this instance also runs the process-wide periodic work (warm-up pings) */
  GatewayVerticle(GatewayPlan plan, int port, Guards guards, FragmentCache cache, boolean first) {
    this.plan = plan;
    this.port = port;
    this.guards = guards;
    this.cache = cache;
    this.first = first;
  }

  @Override
  public Future<?> start() {
    clients = new ServiceClients(vertx, plan.services().values());
    timeouts = new TimeoutWheel(vertx); // start() runs on this verticle's event loop
    CallStack calls = CallStack.build(plan, guards, cache, clients, timeouts);
    warmup = Warmup.start(vertx, plan, guards, clients, timeouts, first);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(plan.server().host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
    return vertx.createHttpServer(options)
        .requestHandler(RouterFactory.build(vertx, plan, calls, timeouts,
            cache == null ? null : new ResponseCache(cache)))
        .listen()
        .onSuccess(bound -> server = bound);
  }

  @Override
  public Future<?> stop() {
    warmup.close();
    timeouts.close();
    return clients.close();
  }

  int actualPort() {
    return server.actualPort();
  }
}
