package dev.mosaic.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * One client request's SERVER span (HTTP semantic conventions) and the CLIENT spans of its calls.
 * Its span id is the request's {@link TraceContext#spanId()}, so the request id in logs and problem
 * details names an exported span. Confined to the request's event loop but for {@link #end}, which
 * the SDK makes safe anywhere.
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
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> CACHE = AttributeKey.stringKey("mosaic.cache");
  static final AttributeKey<List<String>> DEGRADED = AttributeKey.stringArrayKey("mosaic.degraded");

  private final Tracer tracer;
  private final SpanBuilder builder;
  private final ChosenTraceIds ids;
  private final String newTraceId;
  private final String state;
  private Span span;
  private TraceContext trace;

  private RequestSpan(
      Tracer tracer,
      SpanBuilder builder,
      ChosenTraceIds ids,
      String newTraceId,
      String state,
      TraceContext trace) {
    this.tracer = tracer;
    this.builder = builder;
    this.ids = ids;
    this.newTraceId = newTraceId;
    this.state = state;
    this.trace = trace;
  }

  /** A request that is not sampled: it has its ids and records nothing. */
  static RequestSpan unsampled(TraceContext trace) {
    return new RequestSpan(null, null, null, null, null, trace);
  }

  /** A sampled request that starts trace {@code traceId} (the id the decision was made on). */
  static RequestSpan newTrace(
      Tracer tracer, SpanBuilder builder, ChosenTraceIds ids, String traceId) {
    return new RequestSpan(tracer, builder, ids, traceId, null, null);
  }

  /** A sampled request continuing the client's trace, which {@code builder} has as its parent. */
  static RequestSpan continued(Tracer tracer, SpanBuilder builder, String state) {
    return new RequestSpan(tracer, builder, null, null, state, null);
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
    if (builder == null) {
      return trace;
    }
    span = newTraceId == null ? builder.startSpan() : ids.start(builder, newTraceId);
    SpanContext started = span.getSpanContext();
    trace = new TraceContext(started.getTraceId(), started.getSpanId(), started.isSampled(), state);
    if (span.isRecording()) {
      span.setAttribute(METHOD, method);
      span.setAttribute(PATH, path);
      span.setAttribute(SCHEME, scheme);
      if (route != null) {
        span.setAttribute(ROUTE, route);
      }
      if (host != null) {
        span.setAttribute(SERVER_ADDRESS, host);
        if (port > 0) {
          span.setAttribute(SERVER_PORT, (long) port);
        }
      }
      if (client != null) {
        span.setAttribute(CLIENT_ADDRESS, client);
      }
      if (protocolVersion != null) {
        span.setAttribute(PROTOCOL_VERSION, protocolVersion);
      }
    }
    return trace;
  }

  /** Whether this request records a span: an unsampled one has its ids and nothing else. */
  public boolean sampled() {
    return builder != null;
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
    if (span == null || !span.isRecording()) {
      return null;
    }
    Span call =
        tracer
            .spanBuilder(method + " " + template)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.root().with(span))
            .setAttribute(METHOD, method)
            // url.template is opt-in in the conventions and is in the name already: every string
            // attribute costs the export thread twice (sized, then written) on every span
            .setAttribute(CallSpan.URL_PATH_AND_QUERY, path)
            .setAttribute(CallSpan.CALL, name)
            .setAttribute(CallSpan.SERVICE, service)
            .startSpan();
    return new CallSpan(call, trace);
  }

  /**
   * Ends the SERVER span with the answer's status.
   *
   * @param cache the Mosaic-Cache verdict, or null
   * @param degraded the calls that took a fallback
   */
  public void end(int status, String cache, List<String> degraded) {
    if (span == null || !span.isRecording()) {
      return;
    }
    span.setAttribute(STATUS, (long) status);
    if (status >= 500) {
      span.setAttribute(ERROR_TYPE, Integer.toString(status));
      span.setStatus(StatusCode.ERROR);
    }
    if (cache != null) {
      span.setAttribute(CACHE, cache);
    }
    if (!degraded.isEmpty()) {
      span.setAttribute(DEGRADED, degraded);
    }
    span.end();
  }
}
