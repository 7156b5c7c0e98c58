package dev.mosaic.stubs;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.List;

/**
 * What a service announces after a successful write, as event-driven services do for their read
 * models: {@code {"tags":["stock:42","product:42"]}} appended to the Redis Stream {@code
 * mosaic:events} (field {@code event}), which every gateway reads through a consumer group of its
 * own: it recomposes the views and drops the cached answers those tags mark, and one that was down
 * catches up. Off unless the stubs are given a Redis URL; a failed append is ignored (caches then
 * age out by their ttl, views by their maxLag).
 */
public final class WriteEvents {

  public static final String STREAM = "mosaic:events";
  static final WriteEvents NONE = new WriteEvents(null);

  private final Redis redis;

  private WriteEvents(Redis redis) {
    this.redis = redis;
  }

  public static WriteEvents to(Vertx vertx, String redisUrl) {
    return redisUrl == null ? NONE : new WriteEvents(Redis.createClient(vertx, redisUrl));
  }

  /** The tags a write touches: the thing written and the product it belongs to. */
  static List<String> tagsFor(String method, String path, JsonObject body) {
    String[] parts = path.split("/");
    if (method.equals("PATCH") && parts.length == 3 && parts[1].equals("stock")) {
      return List.of("stock:" + parts[2], "product:" + parts[2]);
    }
    if (method.equals("POST")
        && path.equals("/reviews")
        && body != null
        && body.getValue("productId") != null) {
      Object product = body.getValue("productId");
      return List.of("reviews:" + product, "product:" + product);
    }
    if (method.equals("POST")
        && path.equals("/orders")
        && body != null
        && body.getValue("customerId") != null) {
      return List.of("orders:customer:" + body.getValue("customerId"));
    }
    return List.of();
  }

  void publish(List<String> tags) {
    if (redis == null || tags.isEmpty()) {
      return;
    }
    String event = new JsonObject().put("tags", new JsonArray(tags)).encode();
    redis.send(
        Request.cmd(Command.XADD)
            .arg(STREAM)
            .arg("MAXLEN")
            .arg("~")
            .arg(100_000)
            .arg("*")
            .arg("event")
            .arg(event));
  }

  void close() {
    if (redis != null) {
      redis.close();
    }
  }
}
