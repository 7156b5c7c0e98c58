package dev.mosaic.stubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reviews: {@code GET /reviews?productId=&limit=}, {@code POST /reviews}. */
final class ReviewsApi implements ServiceApi {

  @Override
  public void mount(Router router, SeedData data) {
    router
        .get("/reviews")
        .handler(
            ctx -> {
              long productId = Replies.id(ctx, ctx.request().getParam("productId"));
              if (productId < 0) {
                return;
              }
              int limit = Replies.intParam(ctx, "limit", 20, 100);
              List<JsonObject> reviews = data.reviewsByProduct.getOrDefault(productId, List.of());
              JsonArray page = new JsonArray();
              synchronized (reviews) {
                reviews.stream().limit(limit).forEach(page::add);
              }
              Replies.json(ctx, 200, page);
            });
    router
        .post("/reviews")
        .handler(
            ctx -> {
              JsonObject review;
              try {
                review = ctx.body().asJsonObject();
              } catch (RuntimeException e) {
                review = null;
              }
              if (review == null
                  || !(review.getValue("productId") instanceof Number productId)
                  || !(review.getValue("rating") instanceof Number rating)
                  || rating.intValue() < 1
                  || rating.intValue() > 5) {
                Replies.error(ctx, 400, "body must be JSON with productId and rating 1..5");
                return;
              }
              if (!data.products.containsKey(productId.longValue())) {
                Replies.error(ctx, 404, "no such product: " + productId);
                return;
              }
              JsonObject stored =
                  new JsonObject()
                      .put("id", data.nextReviewId.incrementAndGet())
                      .put("productId", productId.longValue())
                      .put("userId", review.getValue("userId"))
                      .put("rating", rating.intValue())
                      .put("text", review.getString("text", ""));
              data.reviewsByProduct
                  .computeIfAbsent(
                      productId.longValue(), id -> Collections.synchronizedList(new ArrayList<>()))
                  .add(0, stored);
              Replies.json(ctx, 201, stored);
            });
  }
}
