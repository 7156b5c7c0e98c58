package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.SourcePosition;
import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One composed endpoint: its route, its limits, the calls in declared order (each knows which calls
 * it waits for) and how the answer is shaped.
 *
 * @param routePath the route as written, {@code /products/{id}}
 * @param requestHeaders lower-case names of the request headers templates may read
 * @param response the answer's shape, or null: then {@link #merge} or each call's body by name
 * @param passthrough one call and no shape: the service's answer is streamed back unparsed
 * @param cache how whole answers are cached (the composed-response cache), or null
 * @param responseHeaders lower-case names of a passthrough service's headers passed to the client
 *     besides those describing the body (content-type, etag, ...)
 * @param auth the bearer token requests must carry, or null when the endpoint is open
 * @param rateLimit the per-client limit on requests, or null for none
 * @param respond early answers, tried in order before any call: the first whose condition holds
 *     answers
 * @param saga the compensations of a write whose calls are a saga's steps, or null
 * @param view how the endpoint's answers are kept as a read view, or null
 * @param announce the tags a write announces as a change event after a 2xx answer (empty: none)
 */
public record EndpointPlan(
    String method,
    String routePath,
    List<String> pathParams,
    Map<String, Pattern> paramPatterns,
    Duration deadline,
    long maxBodySize,
    List<String> requestHeaders,
    List<CallPlan> calls,
    ValueTemplate response,
    boolean merge,
    boolean passthrough,
    SourcePosition position,
    CallCache cache,
    List<String> responseHeaders,
    AuthSettings auth,
    RateLimit rateLimit,
    List<EarlyAnswer> respond,
    SagaPlan saga,
    ViewPlan view,
    List<ValueTemplate> announce) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(3);

  public EndpointPlan {
    pathParams = List.copyOf(pathParams);
    paramPatterns = Map.copyOf(paramPatterns);
    requestHeaders = List.copyOf(requestHeaders);
    calls = List.copyOf(calls);
    responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
    respond = respond == null ? List.of() : List.copyOf(respond);
    announce = announce == null ? List.of() : List.copyOf(announce);
  }

  /**
   * An endpoint without {@code auth:}, rate limit, passed-through response headers or early
   * answers.
   */
  public EndpointPlan(
      String method,
      String routePath,
      List<String> pathParams,
      Map<String, Pattern> paramPatterns,
      Duration deadline,
      long maxBodySize,
      List<String> requestHeaders,
      List<CallPlan> calls,
      ValueTemplate response,
      boolean merge,
      boolean passthrough,
      SourcePosition position,
      CallCache cache) {
    this(
        method,
        routePath,
        pathParams,
        paramPatterns,
        deadline,
        maxBodySize,
        requestHeaders,
        calls,
        response,
        merge,
        passthrough,
        position,
        cache,
        List.of(),
        null,
        null,
        List.of(),
        null,
        null,
        List.of());
  }

  /** "GET /products/{id}", the name used in logs, metrics and problem details. */
  public String route() {
    return method + " " + routePath;
  }
}
