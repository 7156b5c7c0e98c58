package dev.mosaic.gateway.ratelimit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One kept Redis connection per event loop, as the cache's Redis tier keeps them (see RedisTier
 * for why not the pooled per-command client): a request's commands pipeline on its loop's
 * connection, a broken one is dropped, and a failed connect is remembered for
 * {@link #RECONNECT_AFTER_MILLIS} so a dead Redis is not dialled per request.
 */
final class LoopConnections implements AutoCloseable {

  static final long RECONNECT_AFTER_MILLIS = 500;

  private final Vertx vertx;
  private final Redis redis;
  private final ConcurrentHashMap<Thread, Future<RedisConnection>> connections = new ConcurrentHashMap<>();

  LoopConnections(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** The calling loop's connection; keyed by thread, as each request runs on a context of its own. */
  Future<RedisConnection> get() {
    if (!Context.isOnEventLoopThread()) {
      return redis.connect();
    }
    return connections.computeIfAbsent(Thread.currentThread(), this::connect);
  }

  private Future<RedisConnection> connect(Thread loop) {
    return redis.connect().andThen(opened -> {
      if (opened.failed()) {
        vertx.setTimer(RECONNECT_AFTER_MILLIS, id -> connections.remove(loop));
        return;
      }
      RedisConnection connection = opened.result();
      connection.exceptionHandler(e -> {
        connections.remove(loop);
        connection.close();
      });
      connection.endHandler(v -> connections.remove(loop));
    });
  }

  @Override
  public void close() {
    connections.values().forEach(f -> f.onSuccess(RedisConnection::close));
    redis.close();
  }
}
