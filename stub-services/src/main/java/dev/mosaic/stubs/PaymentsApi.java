package dev.mosaic.stubs;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Payments for the saga demo: {@code POST /charges} {@code {order, amount}} captures a charge, or
 * declines it (402) above {@link #LIMIT}; {@code POST /refunds} {@code {charge}} refunds one;
 * {@code GET /charges/{id}}. Both writes honour {@code Idempotency-Key}.
 */
final class PaymentsApi implements ServiceApi {

  /** Charges above this are declined: the demo's way to make a checkout fail at payment. */
  static final double LIMIT = 1000;

  private final Map<Long, JsonObject> charges = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final IdempotentWrites writes = new IdempotentWrites();

  @Override
  public void mount(Router router, SeedData data) {
    router.get("/charges/:id").handler(ctx -> ServiceApi.one(ctx, charges, "id"));
    router
        .post("/charges")
        .handler(
            ctx ->
                writes.handle(
                    ctx,
                    reply -> {
                      JsonObject asked = body(ctx);
                      if (asked == null
                          || !(asked.getValue("order") instanceof Number order)
                          || !(asked.getValue("amount") instanceof Number amount)) {
                        reply.send(
                            400, error("body must be JSON like {\"order\": 7, \"amount\": 19.9}"));
                        return;
                      }
                      if (amount.doubleValue() > LIMIT) {
                        reply.send(402, error("card declined: amount above " + LIMIT));
                        return;
                      }
                      long id = ids.incrementAndGet();
                      JsonObject charge =
                          new JsonObject()
                              .put("id", id)
                              .put("order", order.longValue())
                              .put("amount", amount.doubleValue())
                              .put("status", "captured");
                      charges.put(id, charge);
                      reply.send(201, charge);
                    }));
    router
        .post("/refunds")
        .handler(
            ctx ->
                writes.handle(
                    ctx,
                    reply -> {
                      JsonObject asked = body(ctx);
                      Object id = asked == null ? null : asked.getValue("charge");
                      JsonObject charge =
                          id instanceof Number n ? charges.get(n.longValue()) : null;
                      if (charge == null) {
                        reply.send(404, error("no such charge: " + id));
                        return;
                      }
                      JsonObject refunded = charge.copy().put("status", "refunded");
                      charges.put(charge.getLong("id"), refunded);
                      reply.send(201, refunded);
                    }));
  }

  private static JsonObject body(io.vertx.ext.web.RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }
}
