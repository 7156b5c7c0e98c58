package dev.mosaic.stubs;

import io.vertx.ext.web.Router;

/** Users: {@code GET /users/{id}}, {@code GET /users?ids=1,2}. */
final class UsersApi implements ServiceApi {

  @Override
  public void mount(Router router, SeedData data) {
    router.get("/users/:id").handler(ctx -> ServiceApi.one(ctx, data.users, "id"));
    router.get("/users").handler(ctx -> ServiceApi.many(ctx, data.users));
  }
}
