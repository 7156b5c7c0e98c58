package dev.mosaic.gateway.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
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
 * connection pipelines its commands. A broken one is dropped.
 *
 * <p>Commands have no time limit here: callers on the request path bound their wait with their
 * loop's {@code Timeouts} (a cheap wheel, where a Vert.x timer per command would not be) and say so
 * through {@link #overBudget()}. A Redis that refuses connections, or answers nothing, is left
 * alone for a rest (an {@link Outage}): commands sent from an event loop meanwhile fail at once
 * with a stackless exception, so an unreachable Redis costs a request nothing rather than a connect
 * or a whole budget, and the connections holding unanswered commands are closed, so a silent Redis
 * does not collect them without bound.
 */
public final class PerLoopRedis implements AutoCloseable {

  private static final long CONNECT_TIMEOUT_MILLIS = 2_000;
  private static final int READ_IDLE_SECONDS = 30;

  private final java.util.function.Supplier<Redis> clients;
  private volatile Redis redis;
  private final Outage outage = new Outage(System::nanoTime);
  private final boolean cluster;
  private final ConcurrentHashMap<Thread, Future<RedisConnection>> connections =
      new ConcurrentHashMap<>();

  private PerLoopRedis(java.util.function.Supplier<Redis> clients, boolean cluster) {
    this.clients = clients;
    this.redis = clients.get();
    this.cluster = cluster;
  }

  /**
   * @param poolName the pool's label in the metrics
   */
  public static PerLoopRedis connect(Vertx vertx, String url, String poolName) {
    RedisTopology topology = RedisTopology.of(url);
    return new PerLoopRedis(
        () ->
            Redis.createClient(
                vertx,
                topology
                    .options(16)
                    .setNetClientOptions(
                        new io.vertx.core.net.NetClientOptions()
                            .setConnectTimeout((int) CONNECT_TIMEOUT_MILLIS)
                            // a Redis that accepts but never answers leaves the client's
                            // handshake waiting with no time limit of its own; such sockets are
                            // closed once nothing was read on them for this long
                            .setReadIdleTimeout(READ_IDLE_SECONDS))
                    .setMaxPoolWaiting(256)
                    .setPoolName(poolName)),
        topology.cluster());
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
    if (outage.resting()) {
      return Future.failedFuture(restingFailure());
    }
    Future<RedisConnection> connection = connection();
    return connection
        .compose(c -> c.send(request))
        .andThen(replied -> observe(connection, replied));
  }

  public Future<List<Response>> batch(List<Request> requests) {
    if (!Context.isOnEventLoopThread()) {
      return redis.batch(requests);
    }
    if (outage.resting()) {
      return Future.failedFuture(restingFailure());
    }
    Future<RedisConnection> connection = connection();
    return connection
        .compose(c -> c.batch(requests))
        .andThen(replied -> observe(connection, replied));
  }

  /** What a command sent during a rest fails with: no stack trace, it is not an accident. */
  private static RuntimeException restingFailure() {
    return new io.vertx.core.VertxException("Redis is resting after failures", true);
  }

  /**
   * True while Redis is taken to be down: a caller on the request path decides without it, at once,
   * and counts that as one more request Redis did not serve.
   */
  public boolean resting() {
    return outage.resting();
  }

  /**
   * A caller's budget for a command of this client ran out before its reply: a few in a row with
   * nothing answered make a rest.
   */
  public void overBudget() {
    if (outage.struck()) {
      dropConnections();
    }
  }

  private void observe(Future<RedisConnection> connection, io.vertx.core.AsyncResult<?> replied) {
    // a refused connect rests at once; an error reply is an answer too
    if (replied.succeeded() || redisAnswered(replied.cause())) {
      outage.answered();
    } else {
      dropIfBroken(connection, replied.cause());
    }
  }

  /**
   * An error reply from Redis itself (LOADING, MASTERDOWN, a script's error). The client reports a
   * connection it closed (ours, dropped in a rest) with an error of the same type, which says
   * nothing of Redis.
   */
  private static boolean redisAnswered(Throwable failure) {
    return failure instanceof ErrorType error && !"CONNECTION_CLOSED".equals(error.getMessage());
  }

  /**
   * Starts afresh with a new client: the old one's sockets hold commands that will not be answered,
   * and closing a pooled connection only hands its socket back to the pool, where the next connect
   * would find it again. Closing the client closes its sockets.
   */
  private void dropConnections() {
    Redis silent = redis;
    redis = clients.get();
    connections.clear();
    silent.close();
  }

  /**
   * The connection of the calling event loop. Keyed by the loop's thread, not its context: Vert.x
   * gives every HTTP request a context of its own (a duplicate), which would mean a connection per
   * request. It is opened on the loop's own context, not on the request's that happened to need it
   * first: its replies run there, where no request's ids are (a log line about request B must not
   * carry request A's).
   */
  private Future<RedisConnection> connection() {
    Thread loop = Thread.currentThread();
    Future<RedisConnection> existing = connections.get(loop);
    if (existing != null) {
      return existing;
    }
    Promise<RedisConnection> opening = Promise.promise();
    Future<RedisConnection> mine = opening.future();
    connections.put(loop, mine); // only this loop's thread writes its key
    Redis client = redis;
    Runnable open =
        () ->
            client
                .connect()
                .onComplete(
                    opened -> {
                      if (opened.failed()) {
                        outage.unreachable();
                        connections.remove(loop, mine);
                      } else {
                        RedisConnection connection = opened.result();
                        connection.exceptionHandler(
                            e -> {
                              connections.remove(loop, mine);
                              connection.close();
                            });
                        connection.endHandler(v -> connections.remove(loop, mine));
                      }
                      opening.handle(opened);
                    });
    if (Vertx.currentContext() instanceof ContextInternal context && context.isDuplicate()) {
      context.unwrap().emit(v -> open.run());
    } else {
      open.run();
    }
    return mine;
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
