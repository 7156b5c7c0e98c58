package dev.mosaic.gateway.server;

import dev.mosaic.gateway.auth.AuthClaims;
import dev.mosaic.gateway.http.HopByHop;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.rules.plan.ContextNames;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the expression context from a client request: {@code path}, {@code query}, the allowlisted
 * {@code headers} (lower-case names), a JSON {@code body} and, on an endpoint with {@code auth:},
 * the verified token's claims as {@code auth}. Rejects what the endpoint says is invalid before any
 * call is made.
 */
final class RequestContext {

  /** The client's input is invalid for this endpoint; the message is safe to show the client. */
  static final class InvalidRequest extends Exception {
    private final int status;

    InvalidRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  private RequestContext() {}

  static Map<String, Object> of(RoutingContext ctx, EndpointPlan endpoint) throws InvalidRequest {
    Map<String, Object> path = new LinkedHashMap<>();
    for (String name : endpoint.pathParams()) {
      String value = ctx.pathParam(name);
      Pattern pattern = endpoint.paramPatterns().get(name);
      if (value == null || (pattern != null && !pattern.matcher(value).matches())) {
        throw new InvalidRequest(400, "path parameter '" + name + "' must match " + pattern);
      }
      path.put(name, value);
    }
    // most requests carry no query and most endpoints read no header: no maps to fill then (the
    // context is only read)
    Map<String, Object> query = ctx.request().query() == null ? Map.of() : new LinkedHashMap<>();
    if (ctx.request().query() != null) {
      MultiMap params = ctx.queryParams();
      for (String name : params.names()) {
        query.put(name, params.get(name));
      }
    }
    Map<String, Object> headers =
        endpoint.requestHeaders().isEmpty() ? Map.of() : new LinkedHashMap<>();
    MultiMap requestHeaders = ctx.request().headers();
    for (String name : endpoint.requestHeaders()) {
      String value = requestHeaders.get(name);
      // a header the client's Connection names was meant for the gateway's hop only (RFC 9110
      // §7.6.1)
      if (value != null && !HopByHop.is(name, requestHeaders)) {
        headers.put(name, value);
      }
    }
    Map<String, Object> context = new HashMap<>(16);
    context.put(ContextNames.PATH, path);
    context.put(ContextNames.QUERY, query);
    context.put(ContextNames.HEADERS, headers);
    context.put(ContextNames.BODY, body(ctx));
    if (endpoint.auth() != null) {
      context.put(ContextNames.AUTH, AuthClaims.of(ctx));
    }
    return context;
  }

  private static Object body(RoutingContext ctx) throws InvalidRequest {
    if (!ctx.body().available() || ctx.body().length() <= 0) {
      return null;
    }
    String type = ctx.request().getHeader("content-type");
    if (type == null || !type.toLowerCase(Locale.ROOT).contains("json")) {
      return ctx.body().asString();
    }
    try {
      return JsonCodec.parse(ctx.body().buffer());
    } catch (IOException e) {
      throw new InvalidRequest(400, "the request body is not valid JSON");
    }
  }
}
