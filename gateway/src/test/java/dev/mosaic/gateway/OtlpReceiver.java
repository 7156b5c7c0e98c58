package dev.mosaic.gateway;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * An OTLP/HTTP collector in the test's process: decodes each ExportTraceServiceRequest (protobuf)
 * posted to /v1/traces and keeps its spans and the request's headers, answering 200 (or the status
 * it was started with, then keeping nothing).
 */
final class OtlpReceiver implements AutoCloseable {

  /** One received span, its ids in hex as in a traceparent. */
  record Received(
      String service,
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      Span.SpanKind kind,
      Map<String, Object> attributes,
      List<Span.Event> events,
      io.opentelemetry.proto.trace.v1.Status status) {

    String string(String key) {
      return (String) attributes.get(key);
    }

    Long number(String key) {
      return (Long) attributes.get(key);
    }

    long events(String name) {
      return events.stream().filter(e -> e.getName().equals(name)).count();
    }
  }

  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final List<com.sun.net.httpserver.Headers> requests = new CopyOnWriteArrayList<>();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  static OtlpReceiver start() {
    return start(200);
  }

  /**
   * @param status what every export is answered: 200 keeps its spans, anything else refuses them
   */
  static OtlpReceiver start(int status) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      OtlpReceiver receiver = new OtlpReceiver(server);
      server.createContext(
          "/v1/traces",
          exchange -> {
            receiver.requests.add(exchange.getRequestHeaders());
            try (InputStream in = exchange.getRequestBody()) {
              ExportTraceServiceRequest request =
                  ExportTraceServiceRequest.parseFrom(in.readAllBytes());
              if (status == 200) {
                receiver.receive(request);
              }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("content-type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          });
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void receive(ExportTraceServiceRequest request) {
    HexFormat hex = HexFormat.of();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service =
          resource.getResource().getAttributesList().stream()
              .filter(kv -> kv.getKey().equals("service.name"))
              .map(kv -> kv.getValue().getStringValue())
              .findFirst()
              .orElse(null);
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.add(
              new Received(
                  service,
                  hex.formatHex(span.getTraceId().toByteArray()),
                  hex.formatHex(span.getSpanId().toByteArray()),
                  hex.formatHex(span.getParentSpanId().toByteArray()),
                  span.getName(),
                  span.getKind(),
                  span.getAttributesList().stream()
                      .collect(Collectors.toMap(KeyValue::getKey, kv -> value(kv.getValue()))),
                  span.getEventsList(),
                  span.getStatus()));
        }
      }
    }
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> value.getIntValue();
      case BOOL_VALUE -> value.getBoolValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case ARRAY_VALUE ->
          value.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
      default -> value.toString();
    };
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  List<Received> spans() {
    return List.copyOf(spans);
  }

  /** The headers of every export request received so far. */
  List<com.sun.net.httpserver.Headers> requests() {
    return List.copyOf(requests);
  }

  List<Received> trace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
