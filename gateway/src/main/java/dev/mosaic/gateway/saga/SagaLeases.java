package dev.mosaic.gateway.saga;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sagas this process runs, and the timer that renews their leases every third of the lease, so
 * that only a process that stopped (or cannot reach the log for two thirds of a lease) loses them.
 */
final class SagaLeases implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SagaLeases.class);

  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Vertx vertx;
  private final long timer;

  SagaLeases(Vertx vertx, SagaLog log, long leaseMillis) {
    this.vertx = vertx;
    this.timer =
        vertx.setPeriodic(
            Math.max(1, leaseMillis / 3),
            id -> {
              if (held.isEmpty()) {
                return;
              }
              log.renew(List.copyOf(held))
                  .onFailure(
                      e ->
                          LOG.warn(
                              "renewing {} saga lease(s) failed: {}", held.size(), e.toString()));
            });
  }

  void hold(String sagaId) {
    held.add(sagaId);
  }

  boolean holds(String sagaId) {
    return held.contains(sagaId);
  }

  void release(String sagaId) {
    held.remove(sagaId);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
