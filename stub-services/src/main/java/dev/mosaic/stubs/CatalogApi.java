package dev.mosaic.stubs;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;

/** Products with their seller: {@code GET /products/{id}}, {@code GET /products?ids=1,2,3}. */
final class CatalogApi implements ServiceApi {

  @Override
  public void mount(Router router, SeedData data) {
    router.get("/products/:id").handler(ctx -> ServiceApi.one(ctx, data.products, "id"));
    router
        .get("/products")
        .handler(
            ctx -> {
              if (ctx.request().getParam("ids") != null) {
                ServiceApi.many(ctx, data.products);
                return;
              }
              int limit = Replies.intParam(ctx, "limit", 20, 100);
              int offset = Replies.intParam(ctx, "offset", 0, SeedData.PRODUCTS);
              JsonArray page = new JsonArray();
              for (long id = offset + 1L;
                  id <= offset + limit && data.products.containsKey(id);
                  id++) {
                page.add(data.products.get(id));
              }
              Replies.json(ctx, 200, page);
            });
  }
}
