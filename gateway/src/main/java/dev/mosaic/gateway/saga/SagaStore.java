package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.redis.PerLoopRedis;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.SagaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What this process keeps of its sagas, shared by every event loop: the saga log (durable in Redis,
 * or in this process), the leases of the sagas it runs, and the clients' Idempotency-Keys.
 */
public final class SagaStore implements AutoCloseable {

  /**
   * How long an ended saga (and a client's key) is kept for {@code GET /sagas/{id}} and replays.
   */
  public static final Duration KEEP = Duration.ofHours(24);

  private final SagaLog log;
  private final SagaLeases leases;
  private final IdempotentRequests keys;
  private final Duration lease;
  private final String instance;

  private SagaStore(
      Vertx vertx, SagaLog log, IdempotentRequests keys, Duration lease, String instance) {
    this.log = log;
    this.keys = keys;
    this.instance = instance;
    this.lease = lease;
    this.leases = new SagaLeases(vertx, log, lease.toMillis());
  }

  /**
   * @param instance this process's name in a shared log ({@link #instanceName})
   */
  public static SagaStore create(Vertx vertx, SagaSettings settings, String instance) {
    if (!settings.durable()) {
      return new SagaStore(
          vertx, new MemorySagaLog(), new IdempotentRequests(null), settings.lease(), instance);
    }
    // one connection per loop for the log and the clients' keys; closed with the log
    PerLoopRedis redis = PerLoopRedis.connect(vertx, settings.redisUrl(), "mosaic-sagas");
    return new SagaStore(
        vertx,
        new RedisSagaLog(redis, instance, settings.lease()),
        new IdempotentRequests(new SharedKeys(redis, settings.lease())),
        settings.lease(),
        instance);
  }

  /**
   * This process's name in a shared saga log: host and configured port, which no other running
   * process can hold at once, so a restarted gateway recognises its own sagas and takes them back
   * without waiting out their lease. A random port gives a random name (its sagas are taken over
   * once their lease lapses).
   */
  public static String instanceName(int configuredPort) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = System.getenv("HOSTNAME");
    }
    if (configuredPort <= 0 || host == null || host.isBlank() || host.startsWith("localhost")) {
      // no name this process alone can hold: its sagas are taken over once their lease lapses
      return "instance-" + SagaIds.next().substring(0, 12);
    }
    return host + ":" + configuredPort;
  }

  /** A saga's state and who may read it. */
  public record Kept(JsonObject state, String owner) {}

  public SagaLog log() {
    return log;
  }

  /** This process's name in the log. */
  public String instance() {
    return instance;
  }

  public Duration lease() {
    return lease;
  }

  public IdempotentRequests keys() {
    return keys;
  }

  /** Writes the saga's header, before its first step, and keeps its lease from then on. */
  Future<Void> open(SagaHeader header, Timeouts timeouts) {
    return bounded(timeouts, log.open(header)).onSuccess(v -> leases.hold(header.sagaId()));
  }

  /** Appends one event, within the log's time limit. */
  Future<Void> append(String sagaId, SagaEvent event, Timeouts timeouts) {
    return bounded(timeouts, log.append(sagaId, event));
  }

  /** {@code command} within a third of a lease ({@link LogDeadline}). */
  <T> Future<T> bounded(Timeouts timeouts, Future<T> command) {
    return LogDeadline.bound(timeouts, lease.toNanos() / 3, command);
  }

  /** Keeps the lease of a saga this process took over. */
  void hold(String sagaId) {
    leases.hold(sagaId);
  }

  /** Records how a saga ended and lets its lease go. */
  public Future<Void> close(String sagaId, String state, JsonObject ended, Timeouts timeouts) {
    return bounded(timeouts, log.close(sagaId, state, ended))
        .andThen(done -> leases.release(sagaId));
  }

  /** Whether a saga runs here now (live, or being finished). */
  boolean runsHere(String sagaId) {
    return leases.holds(sagaId);
  }

  /** Stops renewing a saga this process lost to another, or stopped acting on. */
  void lost(String sagaId) {
    leases.release(sagaId);
  }

  /** The saga's state ({@code GET /sagas/{id}}) and owner, or null when it is unknown. */
  public Future<Kept> state(String sagaId) {
    return log.load(sagaId)
        .map(record -> record == null ? null : new Kept(record.view(), record.header().caller()));
  }

  @Override
  public void close() {
    leases.close();
    log.close();
  }
}
