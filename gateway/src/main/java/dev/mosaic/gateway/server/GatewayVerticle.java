package dev.mosaic.gateway.server;

import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.cache.ResponseCache;
import dev.mosaic.gateway.call.CallStack;
import dev.mosaic.gateway.http.ServiceClients;
import dev.mosaic.gateway.logging.AccessLog;
import dev.mosaic.gateway.ratelimit.RateLimiter;
import dev.mosaic.gateway.reload.Generation;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.resilience.Warmup;
import dev.mosaic.gateway.time.TimeoutWheel;
import dev.mosaic.rules.plan.GatewayPlan;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's share of the gateway: its HTTP server (Vert.x spreads connections across the
 * instances listening on the same port), and what serves the running config generation on this
 * loop: its router, its own service clients, call stacks and warm-up, so a request, every call it
 * makes and every limit on them stay on one loop. The resilience state behind the call stacks
 * ({@link Guards}) is the process's, shared by all loops.
 *
 * <p>A reload builds the new generation's router and clients here, on this loop, and swaps the
 * one field the server's handler reads: a request that arrived before keeps the objects it was
 * handed (its router's handlers, their clients) and finishes on them. The replaced clients are
 * closed once no request can still be using them.
 */
final class GatewayVerticle extends VerticleBase {

  /** Idle keep-alive connections are closed after this long. */
  static final int IDLE_TIMEOUT_SECONDS = 60;

  /** What serves one generation on this loop. */
  private record Serving(Generation generation, ServiceClients clients, Warmup warmup, Router router) {}

  private final int port;
  private final FragmentCache cache;
  private final MeterRegistry registry;
  private final AccessLog accessLog;
  private final boolean first;
  private final Generation initial;
  private final RateLimiter limiter;
  private TimeoutWheel timeouts;
  private ResponseCache responses;
  private Serving serving;
  private final List<Serving> retired = new ArrayList<>();
  private HttpServer server;

  /**
   * @param registry where requests are measured when the config turns metrics on
   * @param first whether this instance also runs the process-wide periodic work (warm-up pings)
   * @param limiter the process's rate-limit buckets, shared by every loop
   */
  GatewayVerticle(Generation initial, int port, FragmentCache cache, MeterRegistry registry, AccessLog accessLog,
      boolean first, RateLimiter limiter) {
    this.initial = initial;
    this.port = port;
    this.cache = cache;
    this.registry = registry;
    this.accessLog = accessLog;
    this.first = first;
    this.limiter = limiter;
  }

  @Override
  public Future<?> start() {
    timeouts = new TimeoutWheel(vertx); // start() runs on this verticle's event loop
    responses = new ResponseCache(cache);
    serving = serve(initial);
    GatewayPlan plan = initial.plan();
    HttpServerOptions options = new HttpServerOptions()
        .setHost(plan.server().host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setIdleTimeout(IDLE_TIMEOUT_SECONDS);
    return vertx.createHttpServer(options)
        .requestHandler(request -> serving.router().handle(request))
        .listen()
        .onSuccess(bound -> server = bound);
  }

  private Serving serve(Generation generation) {
    GatewayPlan plan = generation.plan();
    ServiceClients clients = new ServiceClients(vertx, plan.services().values());
    CallStack calls = CallStack.build(plan, generation.guards(), cache, clients, timeouts);
    Warmup warmup = Warmup.start(vertx, plan, generation.guards(), clients, timeouts, first);
    RequestObserver observer = new RequestObserver(plan.server().tracing(),
        plan.server().metrics() ? registry : null, plan.server().accessLog() ? accessLog : null);
    Router router = RouterFactory.build(vertx, plan, calls, timeouts, responses, observer, limiter);
    return new Serving(generation, clients, warmup, router);
  }

  /** Serves {@code next} from now on, on this loop; completes once it does. */
  Future<Void> adopt(Generation next) {
    Promise<Void> adopted = Promise.promise();
    context.runOnContext(v -> {
      try {
        Serving replaced = serving;
        serving = serve(next);
        retire(replaced);
        adopted.complete();
      } catch (RuntimeException e) {
        adopted.fail(e);
      }
    });
    return adopted.future();
  }

  private void retire(Serving replaced) {
    replaced.warmup().close();
    retired.add(replaced);
    vertx.setTimer(graceMillis(replaced.generation().plan()), id -> {
      if (retired.remove(replaced)) {
        replaced.clients().close();
      }
    });
  }

  /**
   * How long a replaced generation's clients stay open: every request has a deadline, and a
   * streamed body an idle limit; a minute more than the longest covers both.
   */
  static long graceMillis(GatewayPlan plan) {
    long longest = plan.endpoints().stream().mapToLong(e -> e.deadline().toMillis()).max().orElse(0);
    return longest + IDLE_TIMEOUT_SECONDS * 1000L;
  }

  @Override
  public Future<?> stop() {
    serving.warmup().close();
    timeouts.close();
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(serving.clients().close());
    retired.forEach(old -> closing.add(old.clients().close()));
    retired.clear();
    return Future.join(closing);
  }

  int actualPort() {
    return server.actualPort();
  }
}
