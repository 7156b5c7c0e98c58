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
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.gateway.tls.ServerTls;
import dev.mosaic.rules.plan.CacheSettings;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.RateLimitSettings;
import dev.mosaic.rules.plan.ServerSettings;
import dev.mosaic.rules.plan.TlsTermination;
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
 * that every server listening with the same negative value shares (plain 0 would give each
 * instance its own).
 *
 * <p>It serves one {@link Generation} of the config at a time and swaps in the next on reload.
 * What only a restart can change (ports, instances, cache sizes, Redis) stays as it started.
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
  private final ConnectionPools pools = new ConnectionPools();
  private volatile Generation current;
  /** What the servers present now: the first plan's TLS, then each rotation's (a reload cannot turn it on or off). */
  private volatile TlsTermination servingTls;
  private int port;
  private ProcessMeters processMeters;
  private ReloadMeters reloadMeters;
  private ConfigReloader reloader;
  private ConfigWatcher watcher;
  private InvalidationListener invalidations;
  private AdminServer admin;

  private Gateway(Vertx vertx, Setup setup, Generation first, FragmentCache cache, RateLimiter limiter) {
    this.vertx = vertx;
    this.setup = setup;
    this.current = first;
    this.cache = cache;
    this.servingTls = first.plan().server().secretsAndTls().tls();
    this.limiter = limiter;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayPlan plan) {
    return start(vertx, plan, Setup.standalone());
  }

  public static Future<Gateway> start(Vertx vertx, GatewayPlan plan, Setup setup) {
    Guards guards = Guards.create(vertx, plan); // one breaker, bulkhead and budget per service per process
    // the cache exists even when nothing uses it yet, so a reload can start caching a call
    RedisTier shared = plan.cache().redisUrl() != null ? RedisTier.connect(vertx, plan.cache()) : null;
    FragmentCache cache = new FragmentCache(plan.cache(), shared);
    // like the cache, it exists even when no endpoint is limited yet, so a reload can add a limit
    RateLimiter limiter = RateLimiter.create(vertx, plan.server().rateLimits());
    Gateway gateway = new Gateway(vertx, setup,
        new Generation(1, plan, guards, setup.configText(), Instant.now()), cache, limiter);
    return checkTls(vertx, plan.server().secretsAndTls().tls())
        .compose(v -> gateway.serve()).compose(v -> gateway.startAround()).map(gateway)
        .onFailure(failed -> {
          guards.close();
          cache.close();
          limiter.close();
        });
  }

  /** Fails with a positioned ConfigException when the key does not load or fit its certificate. */
  private static Future<Void> checkTls(Vertx vertx, TlsTermination tls) {
    if (tls == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      ServerTls.check(vertx, tls);
      return null;
    }, false);
  }

  private Future<Void> serve() {
    GatewayPlan plan = current.plan();
    int instances = plan.server().instances() > 0 ? plan.server().instances()
        : Runtime.getRuntime().availableProcessors();
    int wanted = plan.server().port() == 0 ? -1 : plan.server().port();
    AccessLog accessLog = new AccessLog();
    OpenConnections open = new OpenConnections();
    EdgeMeters edgeMeters = EdgeMeters.of(plan.server().metrics() ? setup.registry() : null, open);
    return ServerInstances.deploy(vertx, instances, first -> {
      GatewayVerticle verticle = new GatewayVerticle(current, wanted, cache, setup.registry(), accessLog, first, open,
          edgeMeters, limiter, pools);
      verticles.add(verticle);
      return verticle;
    }).map(id -> {
      deployments.add(id);
      port = verticles.get(0).actualPort();
      return null;
    });
  }

  /** How many distinct event loops the servers run on: one per instance, up to the loops there are. */
  public long servingLoops() {
    return verticles.stream().map(GatewayVerticle::eventLoop).distinct().count();
  }

  /** What runs once per process beside the servers. */
  private Future<Void> startAround() {
    GatewayPlan plan = current.plan();
    processMeters = new ProcessMeters(setup.registry(), () -> current.guards(), cache, pools);
    processMeters.bindServices();
    RateLimitMeters.bindProcess(setup.registry(), limiter);
    reloadMeters = new ReloadMeters(setup.registry());
    if (cache.isShared()) {
      invalidations = InvalidationListener.start(vertx, plan.cache().redisUrl(), cache);
    }
    if (setup.configFile() != null) {
      reloader = new ConfigReloader(vertx, setup.configFile(), this, reloadMeters);
      if (plan.server().watchConfig()) {
        watcher = ConfigWatcher.start(vertx, reloader, setup.configText(), WATCH_PERIOD_MILLIS);
      }
    }
    if (plan.server().adminPort() < 0) {
      return Future.succeededFuture();
    }
    return AdminServer.start(vertx, plan.server(), new AdminServer.Backing(this::generation, cache,
        setup.registry(), reloader)).map(started -> {
          admin = started;
          return null;
        });
  }

  @Override
  public Generation running() {
    return current;
  }

  @Override
  public List<String> restartRequired(GatewayPlan plan) {
    List<String> changes = new ArrayList<>();
    ServerSettings was = current.plan().server();
    ServerSettings now = plan.server();
    if (!was.host().equals(now.host()) || was.port() != now.port() || was.instances() != now.instances()) {
      changes.add("server.host, server.port and server.instances");
    }
    if (!was.adminHost().equals(now.adminHost()) || was.adminPort() != now.adminPort()) {
      changes.add("server.adminHost and server.adminPort");
    }
    if (was.watchConfig() != now.watchConfig()) {
      changes.add("server.watchConfig");
    }
    if (!was.edge().sameListener(now.edge())) {
      changes.add("server.http2 and server.limits' maxHeaderSize, maxUrlLength, idleTimeout and maxConcurrentStreams");
    }
    if ((servingTls == null) != (now.secretsAndTls().tls() == null)) {
      changes.add("server.tls (turning TLS on or off; its files and minVersion change on reload)");
    }
    CacheSettings before = current.plan().cache();
    CacheSettings after = plan.cache();
    if (before.maxEntries() != after.maxEntries() || before.maxBytes() != after.maxBytes()
        || !java.util.Objects.equals(before.redisUrl(), after.redisUrl())
        || !before.redisTimeout().equals(after.redisTimeout())) {
      changes.add("cache.maxEntries, cache.maxBytes, cache.redis and cache.redisTimeout");
    }
    RateLimitSettings limitsBefore = was.rateLimits();
    RateLimitSettings limitsAfter = now.rateLimits();
    if (!java.util.Objects.equals(limitsBefore.redisUrl(), limitsAfter.redisUrl())
        || !limitsBefore.redisTimeout().equals(limitsAfter.redisTimeout())
        || limitsBefore.maxClients() != limitsAfter.maxClients()) {
      changes.add("server.rateLimits.redis, redisTimeout and maxClients");
    }
    return changes;
  }

  /**
   * Swaps {@code plan} in. When TLS stays on and its files or minVersion changed, the new key is
   * checked first (a bad one fails the swap with a ConfigException: the reload is rejected) and
   * every server then hands the new certificate to new connections: rotation without a restart.
   */
  @Override
  public Future<Generation> swap(GatewayPlan plan, String configText) {
    TlsTermination was = servingTls;
    TlsTermination now = plan.server().secretsAndTls().tls();
    boolean rotate = was != null && now != null && !was.equals(now);
    return (rotate ? checkTls(vertx, now) : Future.<Void>succeededFuture())
        .compose(checked -> adopt(plan, configText))
        .compose(next -> rotate ? rotateTls(now).map(next) : Future.succeededFuture(next));
  }

  private Future<Void> rotateTls(TlsTermination tls) {
    List<Future<Boolean>> updating = new ArrayList<>();
    verticles.forEach(verticle -> updating.add(verticle.updateTls(tls)));
    return Future.all(updating).onSuccess(updated -> servingTls = tls).mapEmpty();
  }

  private Future<Generation> adopt(GatewayPlan plan, String configText) {
    Generation replaced = current;
    Guards guards = Guards.next(vertx, plan, replaced.guards());
    Generation next = new Generation(replaced.number() + 1, plan, guards, configText, Instant.now());
    List<Future<Void>> adopting = new ArrayList<>();
    verticles.forEach(verticle -> adopting.add(verticle.adopt(next)));
    return Future.all(adopting).map(all -> {
      current = next;
      processMeters.bindServices();
      if (admin != null) {
        admin.refreshToken(plan.server().adminTokenFile());
      }
      vertx.setTimer(GatewayVerticle.graceMillis(replaced.plan()), id -> replaced.guards().closeAllBut(guards));
      return next;
    });
  }

  /** The config generation serving now. */
  public Generation generation() {
    return current;
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

  /** The process-wide resilience state of the running generation: breakers, bulkheads, ejections. */
  public Guards guards() {
    return current.guards();
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
    if (invalidations != null) {
      invalidations.close();
    }
    return Future.join(undeploying).<Void>mapEmpty().onComplete(done -> {
      current.guards().close();
      cache.close();
      limiter.close();
    });
  }
}
