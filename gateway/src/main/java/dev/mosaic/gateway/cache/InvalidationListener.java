package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.redis.RedisTopology;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@link RedisTier#CHANNEL} and drops this process's entries for the tags each event
 * names ({@code {"tags":["product:42"]}}): how a service's write reaches every gateway's in-process
 * tier (an eventually consistent read model, as in the background article). A dedicated connection,
 * since a subscribed one can do nothing else; when it breaks it is opened again, waiting longer
 * each time (up to 5 s). Malformed events are ignored.
 */
public final class InvalidationListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InvalidationListener.class);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Vertx vertx;
  private final RedisTopology topology;
  private volatile Redis client;
  private int attempt;
  private final FragmentCache cache;
  private volatile RedisConnection connection;
  private volatile boolean closed;
  private long backoffMillis = 100;

  private InvalidationListener(Vertx vertx, RedisTopology topology, FragmentCache cache) {
    this.vertx = vertx;
    this.topology = topology;
    this.cache = cache;
  }

  public static InvalidationListener start(Vertx vertx, String redisUrl, FragmentCache cache) {
    InvalidationListener listener =
        new InvalidationListener(vertx, RedisTopology.of(redisUrl), cache);
    listener.connect();
    return listener;
  }

  private void connect() {
    if (closed) {
      return;
    }
    if (client != null) {
      connection = null;
      client.close();
    }
    // one node, the next seed on each attempt: a cluster broadcasts every PUBLISH to every node
    Redis created = Redis.createClient(vertx, topology.node(attempt++));
    client = created;
    created
        .connect()
        .onComplete(
            opened -> {
              if (opened.failed()) {
                retryLater("could not connect: " + opened.cause().getMessage());
                return;
              }
              RedisConnection conn = opened.result();
              if (closed) { // closed while connecting: close() may not have seen this client
                conn.close();
                created.close();
                return;
              }
              connection = conn;
              conn.handler(this::onMessage);
              // only the current connection's end counts: closing an earlier client ends its own
              conn.exceptionHandler(
                  e -> {
                    if (connection == conn) {
                      connection = null;
                      retryLater("connection failed: " + e.getMessage());
                    }
                  });
              conn.endHandler(
                  v -> {
                    if (connection == conn) {
                      connection = null;
                      retryLater("connection closed");
                    }
                  });
              conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisTier.CHANNEL))
                  .onComplete(
                      subscribed -> {
                        if (subscribed.succeeded()) {
                          backoffMillis = 100;
                        } else {
                          conn.close();
                        }
                      });
            });
  }

  private void retryLater(String why) {
    if (closed) {
      return;
    }
    LOG.warn(
        "cache invalidation listener: {}; retrying in {}ms (entries expire by their ttl meanwhile)",
        why,
        backoffMillis);
    long delay = backoffMillis;
    backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    vertx.setTimer(delay, id -> connect());
  }

  /** RESP3 delivers PUSH frames, RESP2 MULTI ones: ["message", channel, payload]. */
  private void onMessage(Response message) {
    if ((message.type() != ResponseType.PUSH && message.type() != ResponseType.MULTI)
        || message.size() < 3
        || !"message".equals(message.get(0).toString())) {
      return;
    }
    List<String> tags = new ArrayList<>();
    try {
      JsonArray named = new JsonObject(message.get(2).toString()).getJsonArray("tags");
      if (named != null) {
        named.forEach(
            tag -> {
              if (tag instanceof String text) {
                tags.add(text);
              }
            });
      }
    } catch (RuntimeException e) {
      return; // not an event of ours
    }
    // drop now; and once Redis no longer holds them, drop again whatever a request refilled
    // from Redis in between
    cache.invalidateLocal(tags);
    cache.shared().deleteTagged(tags).onComplete(deleted -> cache.invalidateLocal(tags));
  }

  @Override
  public void close() {
    closed = true;
    RedisConnection conn = connection;
    if (conn != null) {
      conn.close();
    }
    Redis last = client;
    if (last != null) {
      last.close();
    }
  }
}
