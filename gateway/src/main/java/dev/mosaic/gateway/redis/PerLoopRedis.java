package dev.mosaic.gateway.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Redis client for the process, and on it one kept connection per event loop: what every part
 * of the gateway that sends Redis commands from a request uses.
 *
 * <p>Why not the pooled client's per-command {@code send}: it looks the pool up by a key whose hash
 * is recomputed every time, and at 1,000 req/s that took one loop's whole CPU (S6). A kept
 * connection pipelines its commands. A broken one is dropped, and a failed connect is remembered
 * for {@link #RECONNECT_AFTER_MILLIS} so a dead Redis is not dialled per request.
 *
 * <p>Commands have no time limit here: callers on the request path bound their wait with their
 * loop's {@code Timeouts} (a cheap wheel, where a Vert.x timer per command would not be).
 */
public final class PerLoopRedis implements AutoCloseable {

  static final long RECONNECT_AFTER_MILLIS = 500;

  private final Vertx vertx;
  private final Redis redis;
  private final boolean cluster;
  private final ConcurrentHashMap<Thread, Future<RedisConnection>> connections =
      new ConcurrentHashMap<>();

  private PerLoopRedis(Vertx vertx, Redis redis, boolean cluster) {
    this.vertx = vertx;
    this.redis = redis;
    this.cluster = cluster;
  }

  /**
   * @param poolName the pool's label in the metrics
   */
  public static PerLoopRedis connect(Vertx vertx, String url, String poolName) {
    RedisTopology topology = RedisTopology.of(url);
    Redis redis =
        Redis.createClient(
            vertx, topology.options(16).setMaxPoolWaiting(256).setPoolName(poolName));
    return new PerLoopRedis(vertx, redis, topology.cluster());
  }

  /** Whether this is a Redis Cluster: keys a script touches together need a {@link HashTag}. */
  public boolean cluster() {
    return cluster;
  }

  public Future<Response> send(Request request) {
    if (!Context.isOnEventLoopThread()) {
      return redis.send(
          request); // off any event loop (never on the request path): borrowed and given back
    }
    Future<RedisConnection> connection = connection();
    return connection.compose(c -> c.send(request)).onFailure(e -> dropIfBroken(connection, e));
  }

  public Future<List<Response>> batch(List<Request> requests) {
    if (!Context.isOnEventLoopThread()) {
      return redis.batch(requests);
    }
    Future<RedisConnection> connection = connection();
    return connection.compose(c -> c.batch(requests)).onFailure(e -> dropIfBroken(connection, e));
  }

  /**
   * The connection of the calling event loop. Keyed by the loop's thread, not its context: Vert.x
   * gives every HTTP request a context of its own (a duplicate), which would mean a connection per
   * request.
   */
  private Future<RedisConnection> connection() {
    return connections.computeIfAbsent(Thread.currentThread(), this::connect);
  }

  private Future<RedisConnection> connect(Thread loop) {
    return redis
        .connect()
        .andThen(
            opened -> {
              if (opened.failed()) {
                vertx.setTimer(RECONNECT_AFTER_MILLIS, id -> connections.remove(loop));
                return;
              }
              RedisConnection connection = opened.result();
              connection.exceptionHandler(
                  e -> {
                    connections.remove(loop);
                    connection.close();
                  });
              connection.endHandler(v -> connections.remove(loop));
            });
  }

  /**
   * A failure that is not Redis's answer (an error reply) means a socket is gone. A cluster
   * connection holds one socket per node and tells its handlers only about the ones it opened
   * first, so this is how a node that died (or one learned from a redirect) gets the whole
   * connection opened again, with the slots as they are now.
   */
  private void dropIfBroken(Future<RedisConnection> connection, Throwable e) {
    if (e instanceof ErrorType
        || !connection.succeeded()
        || String.valueOf(e.getMessage()).contains("(CROSSSLOT)")) {
      return; // Redis answered, or the client refused keys of several slots: the sockets are fine
    }
    if (connections.values().remove(connection)) {
      connection.result().close();
    }
  }

  @Override
  public void close() {
    connections.values().forEach(f -> f.onSuccess(RedisConnection::close));
    redis.close();
  }
}
