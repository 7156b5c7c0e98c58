package dev.mosaic.gateway.server;

import dev.mosaic.gateway.auth.Authenticators;
import dev.mosaic.gateway.cache.ResponseCache;
import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.metrics.RateLimitMeters;
import dev.mosaic.gateway.metrics.SagaMeters;
import dev.mosaic.gateway.metrics.ViewMeters;
import dev.mosaic.gateway.ratelimit.RateLimiter;
import dev.mosaic.gateway.saga.SagaStore;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.SagaPlan;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the public router from a plan: one route per endpoint, a body limit on the methods that
 * carry bodies (413 before anything is sent on), and problem+json for every error vertx-web raises
 * itself (unknown route, wrong method, oversized body).
 */
final class RouterFactory {

  private static final Logger LOG = LoggerFactory.getLogger(RouterFactory.class);
  private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

  private RouterFactory() {}

  /**
   * @param responses the composed-response cache, or null when no endpoint is cached
   * @param observer opens each request's record first, so that even a request refused by the body
   *     limit is measured and logged
   * @param auth the token verifiers of the endpoints with {@code auth:}
   * @param limiter the process's rate-limit buckets: a limit keyed by address or header is taken
   *     before the body is read (a flood of large bodies is refused cheaply); one keyed by a claim
   *     after authentication, the only place claims exist
   * @param sagas what the process keeps of its sagas: client keys, states
   */
  static Router build(
      Vertx vertx,
      GatewayPlan plan,
      ServiceCaller clients,
      Timeouts timeouts,
      ResponseCache responses,
      RequestObserver observer,
      Authenticators auth,
      RateLimiter limiter,
      SagaStore sagas,
      ChangeEvents events,
      String configVersion) {
    Router router = Router.router(vertx);
    for (EndpointPlan endpoint : plan.endpoints()) {
      Route route =
          router.route(HttpMethod.valueOf(endpoint.method()), vertxPath(endpoint.routePath()));
      route.handler(observer.begin(endpoint));
      RateLimitHandler limit =
          endpoint.rateLimit() == null
              ? null
              : new RateLimitHandler(
                  endpoint,
                  limiter,
                  timeouts,
                  observer.registry() == null
                      ? null
                      : new RateLimitMeters(observer.registry(), endpoint));
      if (limit != null && !limit.afterAuthentication()) {
        route.handler((PlatformHandler) limit::handle);
      }
      if (WITH_BODY.contains(endpoint.method())) {
        route.handler(BodyHandler.create(false).setBodyLimit(endpoint.maxBodySize()));
      }
      if (endpoint.auth() != null) {
        route.handler(new AuthenticationStep(endpoint, auth.forEndpoint(endpoint)));
      }
      if (limit != null && limit.afterAuthentication()) {
        route.handler(limit); // behind the authentication step, whose claims it reads
      }
      route.handler(
          new EndpointHandler(
              endpoint,
              clients,
              timeouts,
              endpoint.cache() == null ? null : responses,
              observer.tracing(),
              plan.cache().surrogateKeys(),
              endpoint.saga() == null
                  ? null
                  : new SagaHandler(
                      endpoint,
                      clients,
                      timeouts,
                      sagas,
                      observer.registry() == null
                          ? null
                          : new SagaMeters(observer.registry(), endpoint)),
              events,
              endpoint.view() == null
                  ? null
                  : new ViewReads(
                      endpoint,
                      events.views(),
                      timeouts,
                      observer.registry() == null
                          ? null
                          : new ViewMeters(observer.registry(), endpoint),
                      configVersion)));
    }
    if (plan.endpoints().stream().anyMatch(e -> e.saga() != null)) {
      java.util.Map<String, dev.mosaic.gateway.auth.TokenVerifier> verifiers =
          new java.util.HashMap<>();
      for (EndpointPlan endpoint : plan.endpoints()) {
        if (endpoint.saga() != null && endpoint.auth() != null) {
          verifiers.put(endpoint.route(), auth.forEndpoint(endpoint));
        }
      }
      router.get(SagaPlan.STATES_PATH + ":id").handler(new SagaStates(sagas, verifiers));
    }
    router.errorHandler(
        404,
        ctx -> {
          observer.unmatched(ctx);
          error(ctx, 404, "not-found", "no endpoint matches " + ctx.request().path());
        });
    router.errorHandler(
        405,
        ctx -> {
          observer.unmatched(ctx);
          error(
              ctx,
              405,
              "method-not-allowed",
              ctx.request().method() + " is not allowed on " + ctx.request().path());
        });
    router.errorHandler(
        413,
        ctx -> {
          observer.unmatched(ctx);
          error(
              ctx, 413, "body-too-large", "the request body is larger than this endpoint accepts");
        });
    router.errorHandler(
        400,
        ctx -> {
          observer.unmatched(ctx);
          error(ctx, 400, "bad-request", "the request could not be read");
        });
    router.errorHandler(
        500,
        ctx -> {
          observer.unmatched(ctx);
          if (ctx.failure() != null) {
            LOG.error("unexpected failure on {}", ctx.request().path(), ctx.failure());
          }
          error(ctx, 500, "internal", "the gateway failed unexpectedly");
        });
    return router;
  }

  /** {@code /products/{id}} → {@code /products/:id}. */
  static String vertxPath(String routePath) {
    return routePath.replaceAll("\\{([A-Za-z_][A-Za-z0-9_]*)}", ":$1");
  }

  private static void error(RoutingContext ctx, int status, String type, String detail) {
    Answers.problem(ctx, Problem.of(status, type, detail, ctx.request().path()));
  }
}
