package dev.mosaic.stubs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The few ways a stub answers, so every service answers errors the same way. */
final class Replies {

  private Replies() {}

  static void json(RoutingContext ctx, int status, Object body) {
    Buffer encoded =
        body instanceof JsonObject o
            ? o.toBuffer()
            : body instanceof io.vertx.core.json.JsonArray a
                ? a.toBuffer()
                : Buffer.buffer(String.valueOf(body));
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json");
    BodyFault fault = ctx.get(BodyFault.KEY);
    if (fault == null) {
      ctx.response().end(encoded);
    } else {
      fault.send(ctx, encoded); // the behaviour handler marked this real answer for a body fault
    }
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message).put("status", status));
  }

  /** A path or query number, or -1 (and a 400 sent) when it is not one. */
  static long id(RoutingContext ctx, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException | NullPointerException e) {
      error(ctx, 400, "not a number: " + text);
      return -1;
    }
  }

  static int intParam(RoutingContext ctx, String name, int orElse, int max) {
    String text = ctx.request().getParam(name);
    try {
      return text == null ? orElse : Math.max(0, Math.min(max, Integer.parseInt(text)));
    } catch (NumberFormatException e) {
      return orElse;
    }
  }
}
