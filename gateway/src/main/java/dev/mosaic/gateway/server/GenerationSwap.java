package dev.mosaic.gateway.server;

import dev.mosaic.gateway.reload.Generation;
import dev.mosaic.gateway.resilience.Guards;
import dev.mosaic.rules.plan.GatewayPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds the generation the gateway serves and swaps in the next one on every server's event loop.
 * The next counts as serving only once every server has adopted it; the replaced one's guards close
 * after the grace its requests in flight may still need, but for those carried over.
 */
final class GenerationSwap {

  private final Vertx vertx;
  private final List<GatewayVerticle> servers;
  private volatile Generation current;

  /**
   * @param servers filled as they deploy; a swap reaches those deployed by then
   */
  GenerationSwap(Vertx vertx, List<GatewayVerticle> servers, Generation first) {
    this.vertx = vertx;
    this.servers = servers;
    this.current = first;
  }

  Generation current() {
    return current;
  }

  /**
   * @param adopted what follows the new generation in the rest of the process (its meters, the
   *     admin token), run as soon as it serves and before the swap completes
   */
  Future<Generation> adopt(GatewayPlan plan, String configText, Consumer<Generation> adopted) {
    Generation replaced = current;
    Guards guards = Guards.next(vertx, plan, replaced.guards());
    Generation next =
        new Generation(replaced.number() + 1, plan, guards, configText, Instant.now());
    List<Future<Void>> adopting = new ArrayList<>();
    servers.forEach(server -> adopting.add(server.adopt(next)));
    return Future.all(adopting)
        .map(
            all -> {
              current = next;
              adopted.accept(next);
              vertx.setTimer(
                  GatewayVerticle.graceMillis(replaced.plan()),
                  id -> replaced.guards().closeAllBut(guards));
              return next;
            });
  }
}
