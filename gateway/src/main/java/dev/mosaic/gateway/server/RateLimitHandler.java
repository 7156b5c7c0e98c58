package dev.mosaic.gateway.server;

import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.metrics.RateLimitMeters;
import dev.mosaic.gateway.ratelimit.ClientKeys;
import dev.mosaic.gateway.ratelimit.Decision;
import dev.mosaic.gateway.ratelimit.RateLimiter;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.RateLimit;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes a token from the client's bucket for one request of an endpoint: past the limit the request
 * is answered 429 and goes no further. Every answer of a limited endpoint, whoever writes it,
 * carries the bucket's state in the IETF draft's separate fields ({@code RateLimit-Limit}, {@code
 * -Remaining}, {@code -Reset}); a refusal also carries {@code Retry-After}.
 */
final class RateLimitHandler implements Handler<RoutingContext> {

  private final EndpointPlan endpoint;
  private final RateLimit limit;
  private final RateLimiter limiter;
  private final Timeouts timeouts;
  private final RateLimitMeters meters;

  /**
   * @param meters null when metrics are off
   */
  RateLimitHandler(
      EndpointPlan endpoint, RateLimiter limiter, Timeouts timeouts, RateLimitMeters meters) {
    this.endpoint = endpoint;
    this.limit = endpoint.rateLimit();
    this.limiter = limiter;
    this.timeouts = timeouts;
    this.meters = meters;
  }

  /**
   * Whether the client is told apart by its token's claims, so the limit must wait for the
   * authentication handler; the others run first, before the body is read or a token checked.
   */
  boolean afterAuthentication() {
    return limit.by().source() == RateLimit.ClientKey.Source.CLAIM;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Future<Decision> taking =
        limiter.take(ClientKeys.bucket(ctx, limit, endpoint.route()), limit, timeouts);
    if (taking.isComplete()) {
      decided(ctx, taking.result());
      return;
    }
    // vertx-web's own asynchronous handlers do the same: the body must wait for the BodyHandler
    boolean paused = !request.isEnded();
    if (paused) {
      request.pause();
    }
    taking.onSuccess(
        decision -> {
          if (paused) {
            request.resume();
          }
          decided(ctx, decision);
        });
  }

  private void decided(RoutingContext ctx, Decision decision) {
    if (meters != null) {
      meters.count(decision.allowed());
    }
    ctx.addHeadersEndHandler(
        v -> {
          HttpServerResponse response = ctx.response();
          response.putHeader("RateLimit-Limit", Integer.toString(decision.limit()));
          response.putHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
          response.putHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        });
    if (decision.allowed()) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
    Answers.problem(
        ctx,
        Problem.of(
            429,
            "rate-limited",
            "too many requests to "
                + endpoint.route()
                + " from this client; try again in "
                + decision.retryAfterSeconds()
                + "s",
            ctx.request().path()));
  }
}
