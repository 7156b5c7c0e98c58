package dev.mosaic.stubs;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What a well-behaved service does with an {@code Idempotency-Key}: the first write with a key is
 * done and its answer kept; a repeat gets that answer again and changes nothing. The saga demo's
 * steps and compensations rely on it when the gateway retries them.
 */
final class IdempotentWrites {

  private record Answer(int status, JsonObject body) {}

  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  /**
   * Answers a repeat from what was kept, or runs {@code write}, which answers through the {@link
   * Reply} it is given (kept when the request carried a key).
   */
  void handle(RoutingContext ctx, Consumer<Reply> write) {
    String key = ctx.request().getHeader("Idempotency-Key");
    String scoped =
        key == null ? null : ctx.request().method() + " " + ctx.request().path() + " " + key;
    Answer kept = scoped == null ? null : answers.get(scoped);
    if (kept != null) {
      ctx.response().putHeader("Idempotent-Replayed", "true");
      Replies.json(ctx, kept.status(), kept.body());
      return;
    }
    write.accept(
        (status, body) -> {
          if (scoped != null && status < 500) {
            answers.put(scoped, new Answer(status, body));
          }
          Replies.json(ctx, status, body);
        });
  }

  /** How a write answers. */
  interface Reply {
    void send(int status, JsonObject body);
  }
}
