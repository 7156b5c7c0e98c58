package dev.mosaic.gateway.http;

import dev.mosaic.gateway.tracing.CallSpan;
import dev.mosaic.gateway.tracing.RequestSpan;
import dev.mosaic.gateway.tracing.TraceContext;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * What the gateway itself adds to every call one client request makes: the trace context (when
 * tracing is on) and {@code X-Forwarded-For}, so a service sees the client it is working for. Built
 * once per client request: without span export the traceparent text is the same for all of its
 * calls; with it, each call's requests name that call's CLIENT span as their parent.
 */
public final class CallHeaders {

  public static final CallHeaders NONE = new CallHeaders(null, null);

  /** Hashed once, not on every call. */
  private static final CharSequence X_FORWARDED_FOR =
      HttpHeaders.createOptimized("x-forwarded-for");

  private static final CharSequence TRACEPARENT =
      HttpHeaders.createOptimized(TraceContext.TRACEPARENT);
  private static final CharSequence TRACESTATE =
      HttpHeaders.createOptimized(TraceContext.TRACESTATE);

  private final String traceparent;
  private final String tracestate;
  private final String forwardedFor;
  private final RequestSpan span;

  /**
   * @param trace the request's trace context, or null to send none
   * @param forwardedFor the believed forwarding chain and the client's peer, or null to send none
   */
  public CallHeaders(TraceContext trace, String forwardedFor) {
    this(trace, forwardedFor, null);
  }

  /**
   * @param span the request's exported span, or null when spans are not exported
   */
  public CallHeaders(TraceContext trace, String forwardedFor, RequestSpan span) {
    this.traceparent = trace == null ? null : trace.traceparent();
    this.tracestate = trace == null ? null : trace.state();
    this.forwardedFor = forwardedFor;
    this.span = trace == null ? null : span;
  }

  /** Whether calls get spans of their own (the request's span is exported). */
  public boolean exported() {
    return span != null;
  }

  /**
   * A CLIENT span for one call, or null when this request records none (not exported, or not
   * sampled).
   */
  public CallSpan startCall(
      String name, String service, String method, String template, String path) {
    return span == null ? null : span.call(name, service, method, template, path);
  }

  public void addTo(MultiMap headers) {
    addTo(headers, null);
  }

  /**
   * @param call the call's span, its parent in the traceparent sent; null for the request's own
   */
  public void addTo(MultiMap headers, CallSpan call) {
    if (traceparent != null) {
      headers.set(TRACEPARENT, call == null ? traceparent : call.traceparent());
      if (tracestate != null) {
        headers.set(TRACESTATE, tracestate);
      } else {
        headers.remove(TRACESTATE);
      }
    }
    if (forwardedFor != null) {
      headers.set(X_FORWARDED_FOR, forwardedFor);
    }
  }
}
