package dev.mosaic.gateway.http;

import dev.mosaic.gateway.tracing.TraceContext;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * What the gateway itself adds to every call one client request makes: the trace context (when
 * tracing is on) and {@code X-Forwarded-For}, so a service sees the client it is working for.
 *
 * @param trace the request's trace context, or null to send none
 * @param forwardedFor the believed forwarding chain and the client's peer, or null to send none
 */
public record CallHeaders(TraceContext trace, String forwardedFor) {

  public static final CallHeaders NONE = new CallHeaders(null, null);

  /** Hashed once, not on every call. */
  private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");

  public void addTo(MultiMap headers) {
    if (trace != null) {
      trace.propagateTo(headers);
    }
    if (forwardedFor != null) {
      headers.set(X_FORWARDED_FOR, forwardedFor);
    }
  }
}
