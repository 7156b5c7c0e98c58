package dev.mosaic.gateway.server;

import dev.mosaic.gateway.auth.AuthClaims;
import dev.mosaic.gateway.auth.AuthFailure;
import dev.mosaic.gateway.auth.TokenVerifier;
import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * An endpoint's {@code auth:} as a route handler, in vertx-web's authentication stage: a request
 * without an acceptable bearer token is answered here, before the endpoint's handler renders or
 * sends anything; an accepted token's claims go into the routing context ({@link AuthClaims}).
 */
final class AuthenticationStep implements AuthenticationHandler {

  private final EndpointPlan endpoint;
  private final TokenVerifier verifier;

  AuthenticationStep(EndpointPlan endpoint, TokenVerifier verifier) {
    this.endpoint = endpoint;
    this.verifier = verifier;
  }

  @Override
  public void handle(RoutingContext ctx) {
    verifier
        .verify(ctx.request().headers())
        .onComplete(
            done -> {
              if (done.succeeded()) {
                ctx.put(AuthClaims.KEY, done.result());
                ctx.next();
              } else if (done.cause() instanceof AuthFailure refused) {
                refuse(ctx, refused, endpoint.route());
              } else {
                ctx.fail(done.cause());
              }
            });
  }

  /** The problem a refused token gets: 401 with its challenge, 403, or 503 with Retry-After. */
  static void refuse(RoutingContext ctx, AuthFailure refused, String route) {
    String type =
        switch (refused.status()) {
          case 400 -> "invalid-authorization";
          case 403 -> "insufficient-claims";
          case 503 -> "auth-unavailable";
          default -> refused.error() == null ? "missing-token" : "invalid-token";
        };
    if (refused.challenge() != null) {
      ctx.response().putHeader("www-authenticate", refused.challenge());
    }
    Answers.problem(
        ctx,
        Problem.of(refused.status(), type, refused.getMessage(), ctx.request().path())
            .put("route", route),
        refused.retryAfterMillis());
  }
}
