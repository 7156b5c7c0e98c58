package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CacheSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier (L2) of the fragment cache: one Redis every gateway process reads and writes.
 * It may only ever make the gateway more available: a read has a budget of a few milliseconds
 * and past it, or on any error, is a miss; a write is fire-and-forget; failures are counted and
 * logged at most once per {@link #LOG_EVERY_NANOS} with how many there were. The pooled client
 * opens new connections as needed, so a Redis that comes back is used again without a restart.
 */
public final class RedisTier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);
  private static final String PREFIX = "mosaic:fragment:";
  private static final String TAG_PREFIX = "mosaic:tag:";
  /** Where invalidations are published: {@code {"tags":["product:42"]}}. Services publish here too. */
  public static final String CHANNEL = "mosaic:invalidate";
  static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private final Redis redis;
  private final long budgetNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE / 2);
  private final AtomicLong unloggedFailures = new AtomicLong();
  /**
   * One connection per event loop, kept. The pooled client's per-command {@code send} looks the
   * pool up by a key whose hash is recomputed every time: at 1,000 req/s it took one loop's whole
   * CPU (S6). A kept connection pipelines its commands; a broken one is dropped, and a failed
   * connect is remembered for {@link #RECONNECT_AFTER_MILLIS} so a dead Redis is not dialled per request.
   */
  private final ConcurrentHashMap<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();
  static final long RECONNECT_AFTER_MILLIS = 500;
  private final Vertx vertx;

  private RedisTier(Vertx vertx, Redis redis, long budgetNanos, LongSupplier nanoClock) {
    this.vertx = vertx;
    this.redis = redis;
    this.budgetNanos = budgetNanos;
    this.nanoClock = nanoClock;
  }

  public static RedisTier connect(Vertx vertx, CacheSettings settings) {
    Redis redis = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(settings.redisUrl())
        .setMaxPoolSize(16)
        .setMaxPoolWaiting(256)
        .setPoolName("mosaic-cache"));
    return new RedisTier(vertx, redis, settings.redisTimeout().toNanos(), System::nanoTime);
  }

  /**
   * Reads one entry within the budget, on the caller's event loop.
   *
   * @return the entry, or null for a miss, a foreign value, an error or a slow Redis
   */
  Future<CachedAnswer> get(String key, Timeouts timeouts) {
    Context context = Vertx.currentContext();
    Promise<CachedAnswer> found = Promise.promise();
    Timeouts.Timeout budget = timeouts.schedule(budgetNanos, () -> {
      if (found.tryComplete(null)) {
        failed("read over its " + budgetNanos / 1_000_000 + "ms budget", null);
      }
    });
    send(Request.cmd(Command.GET).arg(PREFIX + key)).onComplete(answer -> {
      CachedAnswer value = answer.succeeded() && answer.result() != null
          ? AnswerCodec.decode(answer.result().toBuffer(), nanoClock.getAsLong(), System.currentTimeMillis())
          : null;
      if (answer.failed()) {
        failed("read failed", answer.cause());
      }
      Runnable land = () -> {
        budget.cancel();
        found.tryComplete(value);
      };
      if (context == null || Vertx.currentContext() == context) {
        land.run();
      } else {
        context.runOnContext(v -> land.run()); // the budget and the caller live on that loop
      }
    });
    return found.future();
  }

  /** Stores one entry until it is of no use anymore; nobody waits for it. */
  void put(String key, CachedAnswer answer) {
    long now = nanoClock.getAsLong();
    long keepMillis = (answer.expiresAt() - now) / 1_000_000;
    if (keepMillis <= 0) {
      return;
    }
    send(Request.cmd(Command.SET).arg(PREFIX + key)
            .arg(AnswerCodec.encode(answer, now, System.currentTimeMillis()))
            .arg("PX").arg(keepMillis))
        .onFailure(e -> failed("write failed", e));
    for (String tag : answer.tags()) {
      // the tag's set lives as long as its longest-lived entry; a member that expired first is harmless
      batch(java.util.List.of(
              Request.cmd(Command.SADD).arg(TAG_PREFIX + tag).arg(PREFIX + key),
              Request.cmd(Command.PEXPIRE).arg(TAG_PREFIX + tag).arg(keepMillis).arg("GT"),
              Request.cmd(Command.PEXPIRE).arg(TAG_PREFIX + tag).arg(keepMillis).arg("NX")))
          .onFailure(e -> failed("tag write failed", e));
    }
  }

  /**
   * Deletes the entries carrying {@code tags} from Redis, then publishes the tags so every gateway
   * process drops them from its own tier. Nobody waits for it.
   */
  void invalidate(java.util.Collection<String> tags) {
    io.vertx.core.json.JsonObject event = new io.vertx.core.json.JsonObject()
        .put("tags", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(tags)));
    deleteTagged(tags).eventually(() -> send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(event.encode())))
        .onFailure(e -> failed("invalidation failed", e));
  }

  /** Deletes the entries carrying {@code tags} from Redis (idempotent: every listener may do it). */
  Future<Void> deleteTagged(java.util.Collection<String> tags) {
    java.util.List<Future<?>> deleting = new java.util.ArrayList<>();
    for (String tag : tags) {
      deleting.add(send(Request.cmd(Command.SMEMBERS).arg(TAG_PREFIX + tag)).compose(members -> {
        Request delete = Request.cmd(Command.DEL).arg(TAG_PREFIX + tag);
        if (members != null) {
          members.forEach(member -> delete.arg(member.toString()));
        }
        return send(delete);
      }));
    }
    return Future.join(deleting).<Void>mapEmpty().onFailure(e -> failed("tag delete failed", e));
  }

  private Future<Response> send(Request request) {
    return connection().compose(connection -> connection.send(request));
  }

  private Future<java.util.List<Response>> batch(java.util.List<Request> requests) {
    return connection().compose(connection -> connection.batch(requests));
  }

  /**
   * The connection of the calling event loop. Keyed by the loop's thread, not its context: Vert.x
   * gives every HTTP request a context of its own (a duplicate), which would mean a connection per
   * request.
   */
  private Future<RedisConnection> connection() {
    if (!Context.isOnEventLoopThread()) {
      return redis.connect(); // off any event loop (never on the request path)
    }
    return connections.computeIfAbsent(Thread.currentThread(), this::connect);
  }

  private Future<RedisConnection> connect(Thread context) {
    return redis.connect().andThen(opened -> {
      if (opened.failed()) {
        vertx.setTimer(RECONNECT_AFTER_MILLIS, id -> connections.remove(context));
        return;
      }
      RedisConnection connection = opened.result();
      connection.exceptionHandler(e -> {
        connections.remove(context);
        connection.close();
      });
      connection.endHandler(v -> connections.remove(context));
    });
  }

  /** Redis operations that failed or ran out of time since start. */
  public long failures() {
    return failures.get();
  }

  private void failed(String what, Throwable cause) {
    failures.incrementAndGet();
    unloggedFailures.incrementAndGet();
    long now = nanoClock.getAsLong();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
      LOG.warn("Redis cache tier: {} ({} failure(s) in the last {}s); serving from this process and the services",
          cause == null ? what : what + ": " + cause.getMessage(), unloggedFailures.getAndSet(0),
          LOG_EVERY_NANOS / 1_000_000_000L);
    }
  }

  @Override
  public void close() {
    connections.values().forEach(f -> f.onSuccess(RedisConnection::close));
    redis.close();
  }
}
