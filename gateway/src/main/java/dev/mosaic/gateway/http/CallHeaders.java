package dev.mosaic.gateway.http;

import dev.mosaic.gateway.tracing.TraceContext;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * What the gateway itself adds to every call one client request makes: the trace context (when
 * tracing is on) and {@code X-Forwarded-For}, so a service sees the client it is working for. Built
 * once per client request: the traceparent text is the same for all of its calls.
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

  /**
   * @param trace the request's trace context, or null to send none
   * @param forwardedFor the believed forwarding chain and the client's peer, or null to send none
   */
  public CallHeaders(TraceContext trace, String forwardedFor) {
    this.traceparent = trace == null ? null : trace.traceparent();
    this.tracestate = trace == null ? null : trace.state();
    this.forwardedFor = forwardedFor;
  }

  public void addTo(MultiMap headers) {
    if (traceparent != null) {
      headers.set(TRACEPARENT, traceparent);
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
