package dev.mosaic.gateway.saga;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds sagas nobody is finishing and finishes them: at start, this instance's own from before a
 * restart and any whose lease lapsed; then, every half lease, other instances' lapsed ones. Runs on
 * one event loop of the process (the recovery's callers are that loop's), a bounded batch per round
 * so a backlog after an outage is worked off without flooding the services.
 */
public final class SagaTakeover implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SagaTakeover.class);
  static final int BATCH = 16;

  private final Vertx vertx;
  private final SagaStore store;
  private final Supplier<SagaRecovery> recovery;
  private long timer = -1;
  private boolean closed;

  private SagaTakeover(Vertx vertx, SagaStore store, Supplier<SagaRecovery> recovery) {
    this.vertx = vertx;
    this.store = store;
    this.recovery = recovery;
  }

  /**
   * Call on the event loop whose callers {@code recovery} uses.
   *
   * @param recovery the recovery of the config running now (a reload changes it)
   */
  public static SagaTakeover start(Vertx vertx, SagaStore store, Supplier<SagaRecovery> recovery) {
    SagaTakeover takeover = new SagaTakeover(vertx, store, recovery);
    if (store.log().durable()) {
      takeover.round(true);
    }
    return takeover;
  }

  private void round(boolean atStart) {
    if (closed) {
      return;
    }
    SagaLog log = store.log();
    Future<List<String>> claimed =
        atStart && log instanceof RedisSagaLog redis
            ? redis.claimOwnAndAbandoned(BATCH)
            : log.claimAbandoned(BATCH);
    claimed
        .compose(
            ids -> {
              List<String> abandoned = ids.stream().filter(id -> !store.runsHere(id)).toList();
              if (!abandoned.isEmpty()) {
                LOG.warn("taking over {} saga(s) left unfinished: {}", abandoned.size(), abandoned);
              }
              SagaRecovery recovering = recovery.get();
              return Future.join(abandoned.stream().map(recovering::recover).toList());
            })
        .onComplete(
            done -> {
              if (done.failed()) {
                LOG.warn("looking for unfinished sagas failed: {}", done.cause().toString());
              }
              if (!closed) {
                timer =
                    vertx.setTimer(Math.max(1, store.lease().toMillis() / 2), id -> round(false));
              }
            });
  }

  @Override
  public void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
