package dev.mosaic.gateway.server;

import dev.mosaic.gateway.admin.AdminServer;
import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.cache.InvalidationListener;
import dev.mosaic.gateway.cache.RedisTier;
import dev.mosaic.gateway.edge.EdgeMeters;
import dev.mosaic.gateway.edge.OpenConnections;
import dev.mosaic.gateway.http.ConnectionPools;
import dev.mosaic.gateway.logging.AccessLog;
import dev.mosaic.gateway.metrics.ProcessMeters;
import dev.mosaic.gateway.metrics.PrometheusSetup;
import dev.mosaic.gateway.metrics.RateLimitMeters;
import dev.mosaic.gateway.metrics.ReloadMeters;
import dev.mosaic.gateway.ratelimit.RateLimiter;
import dev.mosaic.gateway.reload.ConfigReloader;
import dev.mosaic.gateway.reload.ConfigWatcher;
import dev.mosaic.gateway.reload.Generation;
import dev.mosaic.gateway.reload.RestartRequired;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.saga.SagaOperations;
import dev.mosaic.gateway.saga.SagaStore;
import dev.mosaic.gateway.tracing.SpanExport;
import dev.mosaic.rules.plan.GatewayPlan;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running gateway: {@code instances} server verticles (one per core by default) sharing one port,
 * and beside them, once per process, the admin API, metrics, cache invalidation events and the
 * config reloader. Port 0 in the config is passed to Vert.x as -1: a negative port is a random port
 * that every server listening with the same negative value shares (plain 0 would give each instance
 * its own).
 *
 * <p>It serves one {@link Generation} of the config at a time and swaps in the next on reload
 * ({@link GenerationSwap}), rotating the TLS certificate with it ({@link TlsRotation}). What only a
 * restart can change ({@link RestartRequired}: ports, instances, cache sizes, Redis) stays as it
 * started.
 */
public final class Gateway implements ConfigReloader.Target {

  /** Where a gateway's config comes from and where it reports. */
  public record Setup(Path configFile, String configText, PrometheusMeterRegistry registry) {

    /** No file to reload from; a registry of its own. */
    public static Setup standalone() {
      return new Setup(null, null, PrometheusSetup.registry());
    }
  }

  /** How often the config file is read for changes; a change settles over two reads. */
  static final long WATCH_PERIOD_MILLIS = 250;

  private final Vertx vertx;
  private final Setup setup;
  private final List<String> deployments = new ArrayList<>();
  private final List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
  private final FragmentCache cache;
  private final RateLimiter limiter;
  private final SagaStore sagas;
  private final ViewsAndEvents viewsAndEvents;
  private final ConnectionPools pools = new ConnectionPools();
  private final GenerationSwap generations;
  private final TlsRotation tls;

  /** The process's span export ({@code server.tracing.otlp}), or null */
  private final SpanExport spans;

  /** What the listeners, cache and limiter were built from: reloads cannot change those. */
  private final GatewayPlan startedWith;

  private int port;
  private ProcessMeters processMeters;
  private ReloadMeters reloadMeters;
  private ConfigReloader reloader;
  private ConfigWatcher watcher;
  private InvalidationListener invalidations;
  private AdminServer admin;
  private dev.mosaic.gateway.admin.HealthServer health;

  /** SIGTERM was received: readiness says 503 while the gateway drains. */
  private volatile boolean draining;

  private Gateway(
      Vertx vertx,
      Setup setup,
      Generation first,
      FragmentCache cache,
      RateLimiter limiter,
      SagaStore sagas,
      ViewsAndEvents viewsAndEvents) {
    this.sagas = sagas;
    this.viewsAndEvents = viewsAndEvents;
    this.vertx = vertx;
    this.setup = setup;
    this.generations = new GenerationSwap(vertx, verticles, first);
    this.startedWith = first.plan();
    this.cache = cache;
    this.tls = new TlsRotation(vertx, verticles, first.plan().server().secretsAndTls().tls());
    this.limiter = limiter;
    this.spans =
        SpanExport.start(
            vertx,
            first.plan().tracing(),
            first.plan().server().metrics() ? setup.registry() : null);
  }

  public static Future<Gateway> start(Vertx vertx, GatewayPlan plan) {
    return start(vertx, plan, Setup.standalone());
  }

  public static Future<Gateway> start(Vertx vertx, GatewayPlan plan, Setup setup) {
    Guards guards =
        Guards.create(vertx, plan); // one breaker, bulkhead and budget per service per process
    // the cache exists even when nothing uses it yet, so a reload can start caching a call
    RedisTier shared =
        plan.cache().redisUrl() != null ? RedisTier.connect(vertx, plan.cache()) : null;
    FragmentCache cache = new FragmentCache(plan.cache(), shared);
    // like the cache, it exists even when no endpoint is limited yet, so a reload can add a limit
    RateLimiter limiter = RateLimiter.create(vertx, plan.server().rateLimits());
    // one saga log and lease keeper per process, shared by every loop
    SagaStore sagas =
        SagaStore.create(vertx, plan.sagas(), SagaStore.instanceName(plan.server().port()));
    ViewsAndEvents viewsAndEvents = ViewsAndEvents.create(vertx, plan, setup.registry());
    Gateway gateway =
        new Gateway(
            vertx,
            setup,
            new Generation(1, plan, guards, setup.configText(), Instant.now()),
            cache,
            limiter,
            sagas,
            viewsAndEvents);
    return TlsRotation.check(vertx, plan.server().secretsAndTls().tls())
        .compose(v -> gateway.serve())
        .compose(v -> gateway.startAround())
        .map(gateway)
        .onFailure(
            failed -> {
              guards.close();
              cache.close();
              limiter.close();
              sagas.close();
              viewsAndEvents.close();
              if (gateway.spans != null) {
                gateway.spans.shutdown();
              }
            });
  }

  private Future<Void> serve() {
    GatewayPlan plan = generations.current().plan();
    int instances =
        plan.server().instances() > 0
            ? plan.server().instances()
            : Runtime.getRuntime().availableProcessors();
    int wanted = plan.server().port() == 0 ? -1 : plan.server().port();
    AccessLog accessLog = new AccessLog();
    OpenConnections open = new OpenConnections();
    EdgeMeters edgeMeters = EdgeMeters.of(plan.server().metrics() ? setup.registry() : null, open);
    return ServerInstances.deploy(
            vertx,
            instances,
            first -> {
              GatewayVerticle verticle =
                  new GatewayVerticle(
                      generations.current(),
                      wanted,
                      cache,
                      setup.registry(),
                      accessLog,
                      first,
                      open,
                      edgeMeters,
                      limiter,
                      pools,
                      sagas,
                      viewsAndEvents.events(),
                      spans);
              verticles.add(verticle);
              return verticle;
            })
        .map(
            id -> {
              deployments.add(id);
              port = verticles.get(0).actualPort();
              return null;
            });
  }

  /**
   * How many distinct event loops the servers run on: one per instance, up to the loops there are.
   */
  public long servingLoops() {
    return verticles.stream().map(GatewayVerticle::eventLoop).distinct().count();
  }

  /** What runs once per process beside the servers. */
  private Future<Void> startAround() {
    GatewayPlan plan = generations.current().plan();
    processMeters =
        new ProcessMeters(setup.registry(), () -> generations.current().guards(), cache, pools);
    processMeters.bindServices();
    RateLimitMeters.bindProcess(setup.registry(), limiter);
    reloadMeters = new ReloadMeters(setup.registry());
    if (cache.isShared()) {
      // pub/sub stays for services that publish there; the event stream is the lossless way
      invalidations = InvalidationListener.start(vertx, plan.cache().redisUrl(), cache);
    }
    // waited for (briefly: a Redis that is down must not stop the gateway from serving) so that a
    // change announced once start completes is not before this gateway's position in the stream
    Future<Void> reading =
        viewsAndEvents
            .start(
                () -> verticles,
                cache,
                setup.registry(),
                plan.server().metrics(),
                plan,
                setup.configText())
            .otherwiseEmpty();
    if (setup.configFile() != null) {
      reloader = new ConfigReloader(vertx, setup.configFile(), this, reloadMeters);
      if (plan.server().watchConfig()) {
        watcher = ConfigWatcher.start(vertx, reloader, setup.configText(), WATCH_PERIOD_MILLIS);
      }
    }
    AdminServer.Backing backing =
        new AdminServer.Backing(
            this::generation,
            cache,
            setup.registry(),
            reloader,
            sagaOperations(),
            viewsAndEvents::views,
            viewsAndEvents::describeEvents,
            viewsAndEvents::announce,
            () -> draining);
    Future<Void> healthy =
        plan.lifecycle().healthPort() < 0
            ? reading
            : reading
                .compose(
                    v ->
                        dev.mosaic.gateway.admin.HealthServer.start(
                            vertx, plan.server().host(), plan.lifecycle().healthPort(), backing))
                .map(
                    started -> {
                      health = started;
                      return null;
                    });
    if (plan.server().adminPort() < 0) {
      return healthy;
    }
    return healthy
        .compose(v -> AdminServer.start(vertx, plan.server(), backing))
        .map(
            started -> {
              admin = started;
              return null;
            });
  }

  /** Lists from the log; a retry runs on the loop that finishes abandoned sagas. */
  private SagaOperations sagaOperations() {
    return new SagaOperations() {
      @Override
      public Future<java.util.List<io.vertx.core.json.JsonObject>> list(String state, int max) {
        return sagas.log().list(state, max);
      }

      @Override
      public Future<String> retry(String sagaId) {
        return verticles.get(0).retrySaga(sagaId);
      }
    };
  }

  @Override
  public Generation running() {
    return generations.current();
  }

  @Override
  public List<String> restartRequired(GatewayPlan plan) {
    // against the start, not the last reload: a reload that could not apply a port still holds
    // it in its plan, and the next reload must go on saying that it waits for a restart
    return RestartRequired.between(startedWith, tls.serving(), plan);
  }

  /**
   * Swaps {@code plan} in on every server, with its certificate when TLS stays on and its files or
   * minVersion changed; a key that does not fit fails the swap with a ConfigException.
   */
  @Override
  public Future<Generation> swap(GatewayPlan plan, String configText) {
    if (draining) {
      // a reload that ends while the servers shut down would start what close() has to stop
      return Future.failedFuture(
          new IllegalStateException("draining after SIGTERM: the config is not reloaded"));
    }
    return tls.around(
        plan.server().secretsAndTls().tls(),
        () -> generations.adopt(plan, configText, this::followGeneration));
  }

  /**
   * The process-wide pieces bound to a generation's settings (service meters, the admin token) move
   * on with it.
   */
  private void followGeneration(Generation next) {
    processMeters.bindServices();
    if (admin != null) {
      admin.refreshToken(next.plan().server().adminTokenFile());
    }
  }

  /** The config generation serving now. */
  public Generation generation() {
    return generations.current();
  }

  /** Reloads the config file now, as a change to it or the admin API would; null without a file. */
  public ConfigReloader reloader() {
    return reloader;
  }

  /** The admin API's port, or -1 when the config has none. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public int port() {
    return port;
  }

  /** The process's fragment cache. */
  public FragmentCache cache() {
    return cache;
  }

  /**
   * The process-wide resilience state of the running generation: breakers, bulkheads, ejections.
   */
  public Guards guards() {
    return generations.current().guards();
  }

  public PrometheusMeterRegistry registry() {
    return setup.registry();
  }

  public Future<Void> close() {
    if (watcher != null) {
      watcher.close();
    }
    List<Future<Void>> undeploying = new ArrayList<>();
    deployments.forEach(id -> undeploying.add(vertx.undeploy(id)));
    if (admin != null) {
      undeploying.add(admin.close());
    }
    if (health != null) {
      undeploying.add(health.close());
    }
    if (invalidations != null) {
      invalidations.close();
    }
    return Future.join(undeploying)
        .<Void>mapEmpty()
        .onComplete(
            done -> {
              generations.current().guards().close();
              cache.close();
              limiter.close();
              sagas.close();
              viewsAndEvents.close();
            })
        // the spans of the last requests are sent before the process goes
        .eventually(() -> spans == null ? Future.succeededFuture() : spans.shutdown());
  }

  /**
   * Leaves the fleet without losing a request: readiness turns 503 at once, the servers keep
   * serving for {@code server.drainDelay} (load balancers notice), then stop accepting connections
   * and close each one once its request in flight is answered, for up to {@code
   * server.shutdownGrace}.
   *
   * @return completes when every server is shut down; {@link #close} then ends the rest
   */
  public Future<Void> drain() {
    draining = true;
    dev.mosaic.rules.plan.LifecycleSettings lifecycle = startedWith.lifecycle();
    io.vertx.core.Promise<Void> delayed = io.vertx.core.Promise.promise();
    vertx.setTimer(Math.max(1, lifecycle.drainDelay().toMillis()), id -> delayed.complete());
    return delayed
        .future()
        .compose(
            v ->
                Future.join(
                    verticles.stream()
                        .map(verticle -> verticle.shutdown(lifecycle.shutdownGrace()))
                        .toList()))
        .mapEmpty();
  }

  public boolean draining() {
    return draining;
  }

  /** The health listener's port, or -1 when the config has none. */
  public int healthPort() {
    return health == null ? -1 : health.port();
  }

  /** The process's views, for the admin API. */
  public dev.mosaic.gateway.view.Views views() {
    return viewsAndEvents.views();
  }
}
