package dev.mosaic.gateway.saga;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;

/**
 * Where sagas are written down, each line before the action it protects ({@link SagaEvent}), and
 * who owns each running one. {@link RedisSagaLog} is the durable one every instance shares; {@link
 * MemorySagaLog} keeps sagas in this process (a crash loses them).
 *
 * <p>Ownership is a lease: the instance that opened or took over a saga renews it every third of
 * the lease; once it lapses, any instance may claim the saga and compensate it. Every append is
 * fenced by it: an instance that lost a saga gets {@link LeaseLost} and stops, so two never act on
 * one saga (a pause between a fenced append and its send is covered by the idempotency key every
 * step and compensation carries).
 */
public interface SagaLog extends AutoCloseable {

  /** Whether the log outlives this process. */
  boolean durable();

  /** Writes the header and takes the lease, before the first step is sent. */
  Future<Void> open(SagaHeader header);

  /** Appends one event; fails with {@link LeaseLost} when another instance owns the saga now. */
  Future<Void> append(String sagaId, SagaEvent event);

  /**
   * Records how the saga ended (what {@code GET /sagas/{id}} shows), releases its lease and keeps
   * it for {@link SagaStore#KEEP}.
   *
   * @param state the ended state: {@code failed-to-compensate} lists it for operators
   */
  Future<Void> close(String sagaId, String state, JsonObject ended);

  /** The saga as logged, or null when it is unknown (never run, or expired). */
  Future<SagaRecord> load(String sagaId);

  /** Renews this instance's lease on each of {@code sagaIds} that it still owns. */
  Future<Void> renew(Collection<String> sagaIds);

  /**
   * Takes over running sagas whose lease lapsed, at most {@code max}; returns their ids. Some may
   * be this process's own, still running here (their renewals failed): the caller skips those.
   */
  Future<List<String>> claimAbandoned(int max);

  /**
   * Takes an ended saga back to retry its failed compensations; false when it is not stuck (or is
   * being retried elsewhere).
   */
  Future<Boolean> reopen(String sagaId);

  /**
   * Sagas in one state, newest first: {@code running} and {@code compensating} (still owned), or
   * {@code failed-to-compensate} (ended with an undo that never succeeded).
   */
  Future<List<JsonObject>> list(String state, int max);

  @Override
  void close();
}
