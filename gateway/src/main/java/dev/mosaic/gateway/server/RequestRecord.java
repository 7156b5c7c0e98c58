package dev.mosaic.gateway.server;

import dev.mosaic.gateway.edge.ClientAddress;
import dev.mosaic.gateway.execution.CallRecord;
import dev.mosaic.gateway.metrics.EndpointMeters;
import dev.mosaic.gateway.tracing.RequestSpan;
import dev.mosaic.gateway.tracing.TraceContext;
import java.util.List;

/**
 * What one request did, gathered while it runs for the metrics and the access log written when its
 * answer ends. Confined to the request's event loop.
 */
final class RequestRecord {

  /** Where the record is kept on the request's RoutingContext. */
  static final String KEY = "mosaic.request";

  final long startNanos = System.nanoTime();
  final String method;
  final String route;
  final TraceContext trace;

  /**
   * The request's exported SERVER span, or null when spans are not exported or it is not sampled
   */
  final RequestSpan span;

  /** Who sent it: the first untrusted hop, and the X-Forwarded-For to send on */
  final ClientAddress client;

  /** null when metrics are off */
  final EndpointMeters meters;

  List<CallRecord> calls = List.of();
  List<String> degraded = List.of();

  /** The Mosaic-Cache verdict, or null */
  String cache;

  boolean ended;

  RequestRecord(
      String method,
      String route,
      TraceContext trace,
      RequestSpan span,
      ClientAddress client,
      EndpointMeters meters) {
    this.span = span;
    this.method = method;
    this.client = client;
    this.route = route;
    this.trace = trace;
    this.meters = meters;
  }

  String requestId() {
    return trace.spanId();
  }
}
