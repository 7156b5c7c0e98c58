package dev.mosaic.gateway.server;

import dev.mosaic.gateway.edge.ClientAddress;
import dev.mosaic.gateway.logging.AccessLog;
import dev.mosaic.gateway.metrics.EndpointMeters;
import dev.mosaic.gateway.tracing.RequestSpan;
import dev.mosaic.gateway.tracing.SpanExport;
import dev.mosaic.gateway.tracing.TraceContext;
import dev.mosaic.rules.plan.EndpointPlan;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.function.Function;

/**
 * Opens a {@link RequestRecord} as a request arrives and, when its answer ends (or its connection
 * closes first), records it in the endpoint's meters and the access log. One per event loop per
 * config generation.
 *
 * <p>The end is heard through {@code HttpServerResponse.endHandler}, which Vert.x calls both when
 * the answer is written and when the connection closes before; vertx-web's {@code addEndHandler}
 * would instead take the response's closeHandler, which the handlers need for cancelling a
 * request's calls.
 */
final class RequestObserver {

  static final CharSequence REQUEST_ID =
      io.vertx.core.http.HttpHeaders.createOptimized("x-request-id");

  private final boolean tracing;
  private final double sampleRatio;

  /** null unless spans are exported: then each request has a SERVER span */
  private final SpanExport export;

  private final Function<HttpServerRequest, ClientAddress> clients;
  private final MeterRegistry registry;
  private final AccessLog accessLog;
  private final EndpointMeters unmatched;

  /**
   * @param sampleRatio the share of new traces sampled
   * @param export where spans go, or null when none are exported
   * @param registry null when metrics are off
   * @param accessLog null when the access log is off
   * @param clients who sent a request (its peer, or what trusted proxies say)
   */
  RequestObserver(
      boolean tracing,
      double sampleRatio,
      SpanExport export,
      MeterRegistry registry,
      AccessLog accessLog,
      Function<HttpServerRequest, ClientAddress> clients) {
    this.tracing = tracing;
    this.sampleRatio = sampleRatio;
    this.export = tracing ? export : null;
    this.clients = clients;
    this.registry = registry;
    this.accessLog = accessLog;
    this.unmatched = registry == null ? null : EndpointMeters.unmatched(registry);
  }

  boolean tracing() {
    return tracing;
  }

  /** Where endpoint meters go, or null when metrics are off. */
  MeterRegistry registry() {
    return registry;
  }

  /**
   * The first handler of {@code endpoint}'s route (a platform handler: vertx-web runs those first).
   */
  PlatformHandler begin(EndpointPlan endpoint) {
    EndpointMeters meters = registry == null ? null : new EndpointMeters(registry, endpoint);
    String spanName = endpoint.route();
    return ctx -> {
      open(ctx, endpoint.method(), endpoint.routePath(), spanName, meters);
      ctx.next();
    };
  }

  /** For a request no route matched: opened as it is answered. */
  void unmatched(RoutingContext ctx) {
    if (ctx.get(RequestRecord.KEY) == null) {
      String method = ctx.request().method().name();
      open(ctx, method, EndpointMeters.UNMATCHED, method, unmatched);
    }
  }

  /**
   * @param spanName the SERVER span's name: the method and route template, or the method alone
   */
  private void open(
      RoutingContext ctx, String method, String route, String spanName, EndpointMeters meters) {
    ClientAddress client = clients.apply(ctx.request());
    RequestSpan span = null;
    TraceContext trace;
    if (export != null) {
      span = serverSpan(ctx.request(), method, route, spanName, client);
      trace = span.trace();
      if (!span.sampled()) {
        span = null; // its ids are the trace context; there is nothing to end or to parent
      }
    } else {
      // a client's trace is continued only when tracing is on; the ids exist either way for logs
      // and problems
      trace =
          tracing ? TraceContext.from(ctx.request().headers(), sampleRatio) : TraceContext.fresh();
    }
    dev.mosaic.gateway.logging.RequestLogIds.attach(trace.traceId(), trace.spanId());
    RequestRecord record = new RequestRecord(method, route, trace, span, client, meters);
    ctx.put(RequestRecord.KEY, record);
    ctx.put(ClientAddress.KEY, client);
    HttpServerResponse response = ctx.response();
    response.putHeader(REQUEST_ID, record.requestId());
    response.endHandler(v -> end(ctx, record));
  }

  private RequestSpan serverSpan(
      HttpServerRequest request,
      String method,
      String route,
      String spanName,
      ClientAddress client) {
    RequestSpan span = export.server(request.headers(), spanName);
    if (!span.sampled()) {
      return span; // most requests at a production ratio: none of the attributes is read
    }
    HostAndPort authority = request.authority();
    span.start(
        method,
        EndpointMeters.UNMATCHED.equals(route) ? null : route,
        request.path(),
        request.scheme(),
        authority == null ? null : authority.host(),
        authority == null ? -1 : authority.port(),
        client.ip(),
        switch (request.version()) {
          case HTTP_1_0 -> "1.0";
          case HTTP_1_1 -> "1.1";
          case HTTP_2 -> "2";
        });
    return span;
  }

  private void end(RoutingContext ctx, RequestRecord record) {
    if (record.ended) {
      return;
    }
    record.ended = true;
    long nanos = System.nanoTime() - record.startNanos;
    HttpServerResponse response = ctx.response();
    // an answer cut off before it was complete is a 499 (nginx's "client closed request")
    int status = response.ended() || response.headWritten() ? response.getStatusCode() : 499;
    if (record.meters != null) {
      record.meters.answered(status, nanos);
      record.meters.calls(record.calls);
    }
    if (record.span != null) {
      record.span.end(status, record.cache, record.degraded);
    }
    if (accessLog != null) {
      accessLog.log(
          new AccessLog.Entry(
              record.requestId(),
              record.trace.traceId(),
              record.method,
              record.route,
              ctx.request().path(),
              status,
              nanos,
              record.cache,
              record.degraded,
              record.client.ip()));
    }
    dev.mosaic.gateway.logging.RequestLogIds.detach();
  }
}
