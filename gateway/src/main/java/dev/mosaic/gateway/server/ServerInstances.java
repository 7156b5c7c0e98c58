package dev.mosaic.gateway.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Deploys the gateway's server instances, each on an event loop of its own, so every core serves.
 *
 * <p>Vert.x gives each new verticle the next event loop of a round robin that other things advance
 * too: creating an HTTP client takes a step, and so does deploying from outside Vert.x. Deployed
 * one by one, each instance's start (which creates the service clients) moved the round robin by
 * exactly as many steps as there are loops on a 2-core machine: every server landed on one loop,
 * which did all the work while the other idled (S2 throughput 18% lower than with the load spread).
 * So all instances are deployed at once, their start does nothing but take its loop, and only when
 * every instance has one do they {@link GatewayVerticle#serve() begin serving}.
 */
final class ServerInstances {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ServerInstances.class);

  private ServerInstances() {}

  /**
   * @param make a new instance; its argument says whether it is the first (which also runs the
   *     process-wide periodic work)
   * @return the deployment's id once every instance serves; on failure nothing stays deployed
   */
  static Future<String> deploy(
      Vertx vertx, int instances, Function<Boolean, GatewayVerticle> make) {
    List<GatewayVerticle> made = new ArrayList<>();
    return vertx
        .deployVerticle(
            () -> {
              GatewayVerticle verticle = make.apply(made.isEmpty());
              made.add(verticle);
              return verticle;
            },
            new DeploymentOptions().setInstances(instances))
        .compose(
            id -> {
              warnWhenLoopsAreShared(vertx, made);
              List<Future<Void>> serving = new ArrayList<>();
              made.forEach(verticle -> serving.add(verticle.serve()));
              return Future.all(serving)
                  .map(id)
                  .recover(
                      failed ->
                          vertx.undeploy(id).transform(undeployed -> Future.failedFuture(failed)));
            });
  }

  private static void warnWhenLoopsAreShared(Vertx vertx, List<GatewayVerticle> made) {
    int loops = 0;
    for (Iterator<?> it = ((VertxInternal) vertx).nettyEventLoopGroup().iterator();
        it.hasNext();
        it.next()) {
      loops++;
    }
    long distinct = made.stream().map(GatewayVerticle::eventLoop).distinct().count();
    if (distinct < Math.min(made.size(), loops)) {
      LOG.warn(
          "{} server instances serve on {} of {} event loops: some cores will stay idle",
          made.size(),
          distinct,
          loops);
    }
  }
}
