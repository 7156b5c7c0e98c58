package dev.mosaic.gateway.server;

import dev.mosaic.gateway.reload.Generation;
import dev.mosaic.gateway.tls.ServerTls;
import dev.mosaic.rules.plan.TlsTermination;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rotates the certificate the servers present when a reload changes TLS's files or minVersion,
 * without a restart: the new key is checked before the swap and pushed to every server after it.
 * Whether TLS is on at all stays as the gateway started.
 */
final class TlsRotation {

  private final Vertx vertx;
  private final List<GatewayVerticle> servers;

  /**
   * The first plan's TLS, then each rotation's: a reload's plan may ask for a TLS it cannot turn on
   * or off.
   */
  private volatile TlsTermination serving;

  /**
   * @param servers filled as they deploy; a rotation reaches those deployed by then
   */
  TlsRotation(Vertx vertx, List<GatewayVerticle> servers, TlsTermination first) {
    this.vertx = vertx;
    this.servers = servers;
    this.serving = first;
  }

  /** What the servers present now, or null when they serve cleartext. */
  TlsTermination serving() {
    return serving;
  }

  /** Fails with a positioned ConfigException when the key does not load or fit its certificate. */
  static Future<Void> check(Vertx vertx, TlsTermination tls) {
    if (tls == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          ServerTls.check(vertx, tls);
          return null;
        },
        false);
  }

  /**
   * Runs {@code swap}, rotating to {@code next} around it when TLS stays on and differs: a bad key
   * fails before the swap with a ConfigException (the reload is rejected), and once the swap is
   * done every server hands the new certificate to new connections.
   */
  Future<Generation> around(TlsTermination next, Supplier<Future<Generation>> swap) {
    TlsTermination was = serving;
    boolean rotate = was != null && next != null && !was.equals(next);
    return (rotate ? check(vertx, next) : Future.<Void>succeededFuture())
        .compose(checked -> swap.get())
        .compose(swapped -> rotate ? push(next).map(swapped) : Future.succeededFuture(swapped));
  }

  private Future<Void> push(TlsTermination tls) {
    List<Future<Boolean>> updating = new ArrayList<>();
    servers.forEach(server -> updating.add(server.updateTls(tls)));
    return Future.all(updating).onSuccess(updated -> serving = tls).mapEmpty();
  }
}
