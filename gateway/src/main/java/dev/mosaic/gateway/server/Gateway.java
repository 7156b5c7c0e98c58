package dev.mosaic.gateway.server;

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

  private Gateway(Vertx vertx, List<String> deployments, int port) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayPlan plan) {
    int instances = plan.server().instances() > 0 ? plan.server().instances()
        : Runtime.getRuntime().availableProcessors();
    int port = plan.server().port() == 0 ? -1 : plan.server().port();
    GatewayVerticle first = new GatewayVerticle(plan, port);
    List<String> deployments = new ArrayList<>();
    return vertx.deployVerticle(first).compose(id -> {
      deployments.add(id);
      int bound = first.actualPort();
      if (instances == 1) {
        return Future.succeededFuture(new Gateway(vertx, deployments, bound));
      }
      return vertx.deployVerticle(() -> new GatewayVerticle(plan, port), new DeploymentOptions().setInstances(instances - 1))
          .map(rest -> {
            deployments.add(rest);
            return new Gateway(vertx, deployments, bound);
          });
    });
  }

  public int port() {
    return port;
  }

  public Future<Void> close() {
    List<Future<Void>> undeploying = new ArrayList<>();
    deployments.forEach(id -> undeploying.add(vertx.undeploy(id)));
    return Future.join(undeploying).mapEmpty();
  }
}
