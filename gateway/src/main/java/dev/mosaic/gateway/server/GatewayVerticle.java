package dev.mosaic.gateway.server;

import dev.mosaic.gateway.auth.Authenticators;
import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.cache.ResponseCache;
import dev.mosaic.gateway.call.CallStack;
import dev.mosaic.gateway.edge.ConnectionGuard;
import dev.mosaic.gateway.edge.EdgeMeters;
import dev.mosaic.gateway.edge.OpenConnections;
import dev.mosaic.gateway.http.ConnectionPools;
import dev.mosaic.gateway.http.ServiceClients;
import dev.mosaic.gateway.logging.AccessLog;
import dev.mosaic.gateway.metrics.SagaMeters;
import dev.mosaic.gateway.ratelimit.RateLimiter;
import dev.mosaic.gateway.reload.Generation;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.resilience.Warmup;
import dev.mosaic.gateway.saga.SagaRecovery;
import dev.mosaic.gateway.saga.SagaStore;
import dev.mosaic.gateway.saga.SagaTakeover;
import dev.mosaic.gateway.time.TimeoutWheel;
import dev.mosaic.gateway.tls.ServerTls;
import dev.mosaic.gateway.tracing.SpanExport;
import dev.mosaic.gateway.view.ViewInputs;
import dev.mosaic.gateway.view.Views;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.TlsTermination;
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
 * <p>A reload builds the new generation's router and clients here, on this loop, and swaps the one
 * field the server's handler reads: a request that arrived before keeps the objects it was handed
 * (its router's handlers, their clients) and finishes on them. The replaced clients are closed once
 * no request can still be using them.
 */
final class GatewayVerticle extends VerticleBase {

  /** What serves one generation on this loop. */
  private record Serving(
      Generation generation,
      ServiceClients clients,
      CallStack calls,
      Warmup warmup,
      Router router,
      Authenticators auth) {}

  private final int port;
  private final FragmentCache cache;
  private final MeterRegistry registry;
  private final AccessLog accessLog;
  private final boolean first;
  private final Generation initial;
  private final RateLimiter limiter;
  private final ConnectionPools pools;
  private final SagaStore sagas;
  private final ChangeEvents events;
  private final SpanExport export;
  private TimeoutWheel timeouts;
  private volatile Thread loop;
  private ResponseCache responses;
  private Serving serving;
  private final List<Serving> retired = new ArrayList<>();
  private HttpServer server;
  private final OpenConnections open;
  private final EdgeMeters edgeMeters;
  private ConnectionGuard guard;
  private SagaTakeover takeover;

  /**
   * @param registry where requests are measured when the config turns metrics on
   * @param first whether this instance also runs the process-wide periodic work (warm-up pings)
   * @param limiter the process's rate-limit buckets, shared by every loop
   * @param pools where this loop's service clients count their connections when metrics are on
   * @param export the process's span export, or null when spans are not exported
   */
  GatewayVerticle(
      Generation initial,
      int port,
      FragmentCache cache,
      MeterRegistry registry,
      AccessLog accessLog,
      boolean first,
      OpenConnections open,
      EdgeMeters edgeMeters,
      RateLimiter limiter,
      ConnectionPools pools,
      SagaStore sagas,
      ChangeEvents events,
      SpanExport export) {
    this.export = export;
    this.sagas = sagas;
    this.events = events;
    this.pools = pools;
    this.open = open;
    this.edgeMeters = edgeMeters;
    this.initial = initial;
    this.port = port;
    this.cache = cache;
    this.registry = registry;
    this.accessLog = accessLog;
    this.first = first;
    this.limiter = limiter;
  }

  /** The event loop this instance serves on. */
  Thread eventLoop() {
    return loop;
  }

  /** Takes this instance's event loop; serving waits for {@link #serve()} (see ServerInstances). */
  @Override
  public Future<?> start() {
    loop = Thread.currentThread();
    return Future.succeededFuture();
  }

  /** Starts serving on this instance's event loop; completes once its server listens. */
  Future<Void> serve() {
    Promise<Void> listening = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            listen().onComplete(listening);
          } catch (RuntimeException e) {
            listening.fail(e);
          }
        });
    return listening.future();
  }

  private Future<Void> listen() {
    timeouts = new TimeoutWheel(vertx); // runs on this verticle's event loop
    responses = new ResponseCache(cache);
    serving = build(initial);
    GatewayPlan plan = initial.plan();
    guard = new ConnectionGuard(vertx, plan.server().edge(), open, edgeMeters);
    HttpServerOptions options = guard.listenerOptions(plan.server().host(), port);
    TlsTermination tls = plan.server().secretsAndTls().tls();
    if (tls != null) {
      options
          .setSsl(true)
          .setKeyCertOptions(ServerTls.keyCert(tls))
          .setEnabledSecureTransportProtocols(tls.protocols())
          .setUseAlpn(plan.server().edge().http2());
    }
    return vertx
        .createHttpServer(options)
        .connectionHandler(guard::opened)
        .invalidRequestHandler(guard::unreadable)
        .requestHandler(request -> guard.received(request, serving.router()::handle))
        .listen()
        .onSuccess(
            bound -> {
              server = bound;
              if (first) { // sagas left unfinished are finished by one loop of the process
                takeover = SagaTakeover.start(vertx, sagas, this::sagaRecovery);
              }
            })
        .mapEmpty();
  }

  private Serving build(Generation generation) {
    GatewayPlan plan = generation.plan();
    ServiceClients clients =
        new ServiceClients(vertx, plan.services().values(), plan.server().metrics() ? pools : null);
    CallStack calls = CallStack.build(plan, generation.guards(), cache, clients, timeouts);
    Warmup warmup = Warmup.start(vertx, plan, generation.guards(), clients, timeouts, first);
    RequestObserver observer =
        new RequestObserver(
            plan.server().tracing(),
            // with an export its sampler decides, as the process started (a change needs a restart)
            export != null ? export.settings().sampleRatio() : plan.tracing().sampleRatio(),
            export,
            plan.server().metrics() ? registry : null,
            plan.server().accessLog() ? accessLog : null,
            request -> guard.client(request, plan.server().edge().trustedProxies()));
    Authenticators auth = new Authenticators(vertx, plan);
    Router router =
        RouterFactory.build(
            vertx,
            plan,
            calls,
            timeouts,
            responses,
            observer,
            auth,
            limiter,
            sagas,
            events,
            ViewInputs.configVersion(generation.configText()));
    return new Serving(generation, clients, calls, warmup, router, auth);
  }

  /**
   * Runs a stuck saga's compensations again, on this loop.
   *
   * @return the state it ended in, or null when it is not stuck
   */
  Future<String> retrySaga(String sagaId) {
    Promise<String> retried = Promise.promise();
    context.runOnContext(
        v ->
            sagas
                .log()
                .reopen(sagaId)
                .compose(
                    reopened ->
                        reopened
                            ? sagaRecovery().recover(sagaId)
                            : Future.<String>succeededFuture(null))
                .onComplete(retried));
    return retried.future();
  }

  /** Recovery with this loop's callers, under the config serving now. */
  private SagaRecovery sagaRecovery() {
    Serving now = serving;
    return new SagaRecovery(
        sagas,
        timeouts,
        now.calls(),
        route ->
            now.generation().plan().endpoints().stream()
                .filter(e -> e.route().equals(route))
                .findFirst()
                .orElse(null),
        sagas.instance(),
        (route, state) -> {
          if (now.generation().plan().server().metrics()) {
            SagaMeters.recovered(registry, route, state);
          }
        });
  }

  /**
   * Composes a view endpoint's answer on this loop, with the config serving now, as a live read
   * would (its deadline, breakers and budgets); fails when the route is no longer served.
   */
  Future<Views.Composition> composeView(String route, ViewInputs inputs) {
    Promise<Views.Composition> composed = Promise.promise();
    context.runOnContext(
        v -> {
          Serving now = serving;
          EndpointPlan endpoint =
              now.generation().plan().endpoints().stream()
                  .filter(e -> e.route().equals(route) && e.view() != null)
                  .findFirst()
                  .orElse(null);
          if (endpoint == null) {
            composed.fail(new java.util.NoSuchElementException(route + " has no view now"));
            return;
          }
          ViewComposition.run(endpoint, inputs, now.calls(), timeouts).onComplete(composed);
        });
    return composed.future();
  }

  /** Serves {@code next} from now on, on this loop; completes once it does. */
  Future<Void> adopt(Generation next) {
    Promise<Void> adopted = Promise.promise();
    context.runOnContext(
        v -> {
          try {
            Serving replaced = serving;
            serving = build(next);
            guard.update(next.plan().server().edge());
            retire(replaced);
            adopted.complete();
          } catch (RuntimeException e) {
            adopted.fail(e);
          }
        });
    return adopted.future();
  }

  /**
   * Serves new connections with {@code tls}'s certificate from now on; connections already open
   * keep theirs. Forced: the options carry the files' text, but a rotation must never be skipped as
   * equal.
   */
  Future<Boolean> updateTls(TlsTermination tls) {
    return server.updateSSLOptions(ServerTls.options(tls), true);
  }

  private void retire(Serving replaced) {
    replaced.warmup().close();
    replaced.auth().close();
    retired.add(replaced);
    vertx.setTimer(
        graceMillis(replaced.generation().plan()),
        id -> {
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
    long longest =
        plan.endpoints().stream().mapToLong(e -> e.deadline().toMillis()).max().orElse(0);
    return longest + 60_000L;
  }

  @Override
  public Future<?> stop() {
    if (takeover != null) {
      takeover.close();
    }
    if (timeouts != null) {
      timeouts.close();
    }
    if (guard != null) {
      guard.close();
    }
    if (serving == null) {
      return Future.succeededFuture(); // never served: its serve() failed or was not called
    }
    serving.warmup().close();
    serving.auth().close();
    List<Future<Void>> closing = new ArrayList<>();
    closing.add(serving.clients().close());
    retired.forEach(old -> closing.add(old.clients().close()));
    retired.clear();
    return Future.join(closing);
  }

  /**
   * Stops accepting connections and closes each open one once its request in flight is answered,
   * for up to {@code grace}; then closes what is left.
   */
  Future<Void> shutdown(java.time.Duration grace) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v ->
            server
                .shutdown(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .onComplete(done));
    return done.future();
  }

  int actualPort() {
    return server.actualPort();
  }
}
