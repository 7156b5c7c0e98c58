package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.redis.HashTag;
import dev.mosaic.gateway.redis.LuaScript;
import dev.mosaic.gateway.redis.PerLoopRedis;
import dev.mosaic.gateway.saga.IdempotentRequests.StoredAnswer;
import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Clients' Idempotency-Keys in Redis, so that a retry reaching another instance, or this one after
 * a restart, is still one saga. A key is claimed atomically with the request's fingerprint and the
 * saga it starts; the saga's answer is stored with it when the saga ends (also when it ends in the
 * hands of the instance that took it over). A claim lives two leases at first: a saga that never
 * got logged (Redis lost mid-way, a crash) frees its key soon; the saga's header, once logged,
 * keeps it for {@link SagaStore#KEEP}, as does its answer.
 */
final class SharedKeys {

  static final String PREFIX = "mosaic:saga-key:";

  /**
   * KEYS: the key. ARGV: fingerprint, saga id, keep seconds. Returns {1} when claimed now, else {0,
   * fingerprint, saga, status, content type, body} (the last three empty until it ended).
   */
  private static final LuaScript CLAIM =
      new LuaScript(
          """
          if redis.call('EXISTS', KEYS[1]) == 0 then
            redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'saga', ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return {1}
          end
          local f = redis.call('HMGET', KEYS[1], 'fp', 'saga', 'status', 'type', 'body')
          return {0, f[1] or '', f[2] or '', f[3] or '', f[4] or '', f[5] or ''}
          """);

  /**
   * KEYS: the key. ARGV: saga id, status, content type, body, keep seconds. Writes only over the
   * claim of that saga: an expired key, or one a newer saga claimed since, is left alone.
   */
  private static final LuaScript ANSWERED =
      new LuaScript(
          """
          if redis.call('HGET', KEYS[1], 'saga') ~= ARGV[1] then return 0 end
          redis.call('HSET', KEYS[1], 'status', ARGV[2], 'type', ARGV[3], 'body', ARGV[4])
          redis.call('EXPIRE', KEYS[1], ARGV[5])
          return 1
          """);

  /** What a claim found. */
  sealed interface Found {
    record Claimed() implements Found {}

    /** Claimed before by the saga {@code sagaId}, ended ({@code answer}) or not (null). */
    record Earlier(String fingerprint, String sagaId, StoredAnswer answer) implements Found {}
  }

  private final PerLoopRedis redis;
  private final long claimSeconds;
  private final long deadlineNanos;

  /** A saga's opening script keeps its client's entry: on a cluster, both in the saga slot. */
  private final HashTag tag;

  SharedKeys(PerLoopRedis redis, java.time.Duration lease) {
    this.redis = redis;
    this.tag = HashTag.of(redis, RedisSagaLog.SLOT);
    this.claimSeconds = Math.max(1, lease.multipliedBy(2).toSeconds());
    this.deadlineNanos = lease.toNanos() / 3;
  }

  /** The Redis key of a client's key entry: hashed, since clients choose what it holds. */
  static String redisKey(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  Future<Found> claim(String redisKey, String fingerprint, String sagaId) {
    return CLAIM
        .run(
            redis,
            List.of(tag.key(redisKey)),
            List.of(fingerprint, sagaId, Long.toString(claimSeconds)))
        .map(SharedKeys::found);
  }

  private static Found found(Response answer) {
    if (answer.get(0).toInteger() == 1) {
      return new Found.Claimed();
    }
    String sagaId = answer.get(2).toString();
    String status = answer.get(3).toString();
    StoredAnswer stored =
        status.isEmpty()
            ? null
            : new StoredAnswer(
                Integer.parseInt(status),
                answer.get(4).toString(),
                answer.get(5).toBuffer(),
                sagaId);
    return new Found.Earlier(answer.get(1).toString(), sagaId, stored);
  }

  /**
   * As {@link #answered(String, StoredAnswer)}, within the saga log's time limit: a client waits
   * for it.
   */
  Future<Void> answered(String redisKey, StoredAnswer answer, Timeouts timeouts) {
    return LogDeadline.bound(timeouts, deadlineNanos, answered(redisKey, answer));
  }

  /** Stores the answer of the key's saga: its repeats get it from now on. */
  Future<Void> answered(String redisKey, StoredAnswer answer) {
    return ANSWERED
        .run(
            redis,
            List.of(tag.key(redisKey)),
            List.of(
                answer.sagaId(),
                Integer.toString(answer.status()),
                answer.contentType(),
                answer.body().toString(java.nio.charset.StandardCharsets.UTF_8),
                Long.toString(SagaStore.KEEP.toSeconds())))
        .mapEmpty();
  }

  /** Frees a key whose saga never started: the client's retry may run it. */
  Future<Void> release(String redisKey) {
    return redis.send(Request.cmd(Command.DEL).arg(tag.key(redisKey))).mapEmpty();
  }
}
