package dev.mosaic.gateway.server;

import dev.mosaic.gateway.admin.AdminServer;
import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.cache.InvalidationListener;
import dev.mosaic.gateway.cache.RedisTier;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.rules.plan.GatewayPlan;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * A running gateway: {@code instances} server verticles (one per core by default) sharing one port.
 * Port 0 in the config is passed to Vert.x as -1: a negative port is a random port that every
 * server listening with the same negative value shares (plain 0 would give each instance its own).
 */
public final class Gateway {

  private final Vertx vertx;
  private final List<String> deployments;
  private final int port;
  private final Guards guards;
  private final FragmentCache cache;
  private InvalidationListener invalidations;
  private AdminServer admin;

  private Gateway(Vertx vertx, List<String> deployments, int port, Guards guards, FragmentCache cache) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
    this.guards = guards;
    this.cache = cache;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayPlan plan) {
    return serve(vertx, plan).compose(gateway -> gateway.startAround(plan));
  }

  private static Future<Gateway> serve(Vertx vertx, GatewayPlan plan) {
    int instances = plan.server().instances() > 0 ? plan.server().instances()
        : Runtime.getRuntime().availableProcessors();
    int port = plan.server().port() == 0 ? -1 : plan.server().port();
    Guards guards = Guards.create(vertx, plan); // one breaker, bulkhead and budget per service per process
    RedisTier shared = FragmentCache.usedBy(plan) && plan.cache().redisUrl() != null
        ? RedisTier.connect(vertx, plan.cache()) : null;
    FragmentCache cache = FragmentCache.usedBy(plan) ? new FragmentCache(plan.cache(), shared) : null;
    GatewayVerticle first = new GatewayVerticle(plan, port, guards, cache, true);
    List<String> deployments = new ArrayList<>();
    return vertx.deployVerticle(first).compose(id -> {
      deployments.add(id);
      int bound = first.actualPort();
      if (instances == 1) {
        return Future.succeededFuture(new Gateway(vertx, deployments, bound, guards, cache));
      }
      return vertx.deployVerticle(() -> new GatewayVerticle(plan, port, guards, cache, false),
              new DeploymentOptions().setInstances(instances - 1))
          .map(rest -> {
            deployments.add(rest);
            return new Gateway(vertx, deployments, bound, guards, cache);
          });
    });
  }

  /** What runs once per process beside the servers: cache invalidation events and the admin API. */
  private Future<Gateway> startAround(GatewayPlan plan) {
    if (cache != null && cache.isShared()) {
      invalidations = InvalidationListener.start(vertx, plan.cache().redisUrl(), cache);
    }
    if (plan.server().adminPort() < 0) {
      return Future.succeededFuture(this);
    }
    return AdminServer.start(vertx, plan.server(), cache).map(started -> {
      admin = started;
      return this;
    });
  }

  /** The admin API's port, or -1 when the config has none. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public int port() {
    return port;
  }

  /** The process's fragment cache, or null when no call is cached. */
  public FragmentCache cache() {
    return cache;
  }

  /** The process-wide resilience state: breaker states, bulkheads, ejected instances. */
  public Guards guards() {
    return guards;
  }

  public Future<Void> close() {
    List<Future<Void>> undeploying = new ArrayList<>();
    deployments.forEach(id -> undeploying.add(vertx.undeploy(id)));
    if (admin != null) {
      undeploying.add(admin.close());
    }
    if (invalidations != null) {
      invalidations.close();
    }
    return Future.join(undeploying).<Void>mapEmpty().onComplete(done -> {
      guards.close();
      if (cache != null) {
        cache.close();
      }
    });
  }
}
