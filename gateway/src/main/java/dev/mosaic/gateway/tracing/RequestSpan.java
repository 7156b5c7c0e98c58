package dev.mosaic.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;

/**
 * One client request's SERVER span (HTTP semantic conventions) and the CLIENT spans of its calls.
 * Its span id is the request's {@link TraceContext#spanId()}, so the request id in logs and problem
 * details names an exported span. Confined to the request's event loop but for {@link #end}, which
 * {@link RecordedSpan} makes safe anywhere.
 */
public final class RequestSpan {

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> CACHE = AttributeKey.stringKey("mosaic.cache");
  static final AttributeKey<List<String>> DEGRADED = AttributeKey.stringArrayKey("mosaic.degraded");

  private final RecordedSpan.Exporting exporting;
  private final String name;
  private final TraceContext trace;
  private final String parentSpanId;
  private RecordedSpan span;

  private RequestSpan(
      RecordedSpan.Exporting exporting, String name, TraceContext trace, String parentSpanId) {
    this.exporting = exporting;
    this.name = name;
    this.trace = trace;
    this.parentSpanId = parentSpanId;
  }

  /** A request that is not sampled: it has its ids and records nothing. */
  static RequestSpan unsampled(TraceContext trace) {
    return new RequestSpan(null, null, trace, null);
  }

  /**
   * A sampled request, its SERVER span's ids those of {@code trace}.
   *
   * @param parentSpanId the client's span, when the request continues its trace; else null
   */
  static RequestSpan sampled(
      RecordedSpan.Exporting exporting, String name, TraceContext trace, String parentSpanId) {
    return new RequestSpan(exporting, name, trace, parentSpanId);
  }

  /**
   * Starts the span of a sampled request and gives it the request's attributes; an unsampled one
   * has its ids already and starts nothing.
   */
  public TraceContext start(
      String method,
      String route,
      String path,
      String scheme,
      String host,
      int port,
      String client,
      String protocolVersion) {
    if (exporting == null) {
      return trace;
    }
    span =
        new RecordedSpan(
            exporting,
            name,
            SpanKind.SERVER,
            trace.traceId(),
            trace.spanId(),
            parentSpanId,
            parentSpanId != null,
            RecordedSpan.Clock.now());
    span.put(METHOD, method);
    span.put(PATH, path);
    span.put(SCHEME, scheme);
    if (route != null) {
      span.put(ROUTE, route);
    }
    if (host != null) {
      span.put(SERVER_ADDRESS, host);
      if (port > 0) {
        span.put(SERVER_PORT, (long) port);
      }
    }
    if (client != null) {
      span.put(CLIENT_ADDRESS, client);
    }
    if (protocolVersion != null) {
      span.put(PROTOCOL_VERSION, protocolVersion);
    }
    return trace;
  }

  /** Whether this request records a span: an unsampled one has its ids and nothing else. */
  public boolean sampled() {
    return exporting != null;
  }

  public TraceContext trace() {
    return trace;
  }

  /**
   * A CLIENT span for one call of this request, or null when this request is not sampled: its calls
   * then carry the SERVER span's id with flag 00, and nothing is recorded.
   *
   * @param name the call's name in the config
   * @param service the service it goes to
   * @param method the HTTP method of its (first) request
   * @param template the call's URL as written, with its {@code ${...}}
   * @param path its (first) request's path and query as sent
   */
  public CallSpan call(String name, String service, String method, String template, String path) {
    if (span == null) {
      return null;
    }
    RecordedSpan call =
        new RecordedSpan(
            exporting,
            method + " " + template,
            SpanKind.CLIENT,
            trace.traceId(),
            TraceContext.newSpanId(),
            span.spanId(),
            false,
            span.clock());
    call.put(METHOD, method);
    // url.template is opt-in in the conventions and is in the name already: every string
    // attribute costs the export thread twice (sized, then written) on every span
    call.put(CallSpan.URL_PATH_AND_QUERY, path);
    call.put(CallSpan.CALL, name);
    call.put(CallSpan.SERVICE, service);
    return new CallSpan(call);
  }

  /**
   * Ends the SERVER span with the answer's status.
   *
   * @param cache the Mosaic-Cache verdict, or null
   * @param degraded the calls that took a fallback
   */
  public void end(int status, String cache, List<String> degraded) {
    if (span == null) {
      return;
    }
    span.status(status);
    if (status >= 500) {
      span.put(ERROR_TYPE, Integer.toString(status));
      span.error();
    }
    if (cache != null) {
      span.put(CACHE, cache);
    }
    if (!degraded.isEmpty()) {
      span.put(DEGRADED, List.copyOf(degraded));
    }
    span.end();
  }
}
