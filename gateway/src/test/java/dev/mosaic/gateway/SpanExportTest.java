package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OTLP span export (server.tracing.otlp) as a collector receives it: one SERVER span per request
 * and one CLIENT child per call, whose span id is the parent id in the traceparent that service
 * received; the caller's sampled flag followed both ways, new traces sampled by the ratio; retries
 * visible on the call's span; an unreachable collector costs clients nothing and is counted.
 */
class SpanExportTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])");
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_PARENT = "00f067aa0ba902b7";

  private static final String ENDPOINTS =
      """
      services:
        catalog: { urls: ["{catalog}"] }
        users: { urls: ["{users}"] }
        inventory:
          urls: ["{inventory}"]
          retry: { attempts: 2, backoff: 5ms, minPerSecond: 100 }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            seller: { service: users, path: "/users/${product.sellerId}" }
          response: { name: "${product.name}", seller: "${seller.name}" }
        GET /stock/{id}:
          calls:
            stock: { service: inventory, path: "/stock/${path.id}" }
          response: { stock: "${stock}" }
      """;

  static final OtlpReceiver receiver = OtlpReceiver.start();

  @RegisterExtension
  static final GatewayHarness gw = GatewayHarness.forConfig(config(receiver.endpoint(), 1.0));

  private static String config(String endpoint, double ratio) {
    return """
        server:
          host: 127.0.0.1
          port: 0
          instances: 2
          adminPort: 0
          tracing:
            sampleRatio: %s
            serviceName: mosaic-test
            otlp: { endpoint: "%s", batchDelay: 20ms, timeout: 2s }
        """
            .formatted(ratio, endpoint)
        + ENDPOINTS;
  }

  @AfterAll
  static void closeReceiver() {
    receiver.close();
  }

  private static HttpResponse<String> get(GatewayHarness gateway, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return gateway.send(request);
  }

  /** The traceparents {@code service} received for requests whose line starts with {@code line}. */
  private static List<Matcher> received(GatewayHarness gateway, String service, String line) {
    List<String> lines = gateway.stub(service).behaviour().recentLines();
    List<JsonObject> headers = gateway.stub(service).behaviour().recentHeaders();
    List<Matcher> parents = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(line)) {
        String header = headers.get(i).getString("traceparent");
        assertNotNull(header, service + " got a traceparent for " + lines.get(i));
        Matcher m = TRACEPARENT.matcher(header);
        assertTrue(m.matches(), header);
        parents.add(m);
      }
    }
    assertFalse(parents.isEmpty(), service + " received " + line);
    return parents;
  }

  private static Matcher last(GatewayHarness gateway, String service, String line) {
    List<Matcher> all = received(gateway, service, line);
    return all.get(all.size() - 1);
  }

  /** Waits until at least {@code spans} were dropped as failed exports and none was exported. */
  private static void awaitExportsFailed(GatewayHarness gateway, int spans)
      throws InterruptedException {
    eventually(
        WAIT,
        spans + "+ spans dropped as failed exports, none exported",
        () ->
            GatewayHarness.holds(
                () -> {
                  Scrape scrape = Scrape.parse(gateway.admin("GET", "/metrics", null).body());
                  return scrape.sum("mosaic_tracing_spans_dropped_total", "reason", "export_failed")
                          >= spans
                      && scrape.sum("mosaic_tracing_spans_exported_total") == 0;
                }));
  }

  /** Waits until the collector holds {@code count} spans of {@code traceId}. */
  private static List<OtlpReceiver.Received> spans(String traceId, int count)
      throws InterruptedException {
    eventually(WAIT, count + " spans of " + traceId, () -> receiver.trace(traceId).size() >= count);
    return receiver.trace(traceId);
  }

  private static OtlpReceiver.Received only(
      List<OtlpReceiver.Received> spans, Span.SpanKind kind, String call) {
    List<OtlpReceiver.Received> found =
        spans.stream()
            .filter(s -> s.kind() == kind)
            .filter(s -> call == null || call.equals(s.string("mosaic.call")))
            .toList();
    assertEquals(1, found.size(), kind + " " + call + " in " + spans);
    return found.get(0);
  }

  @Test
  void aRequestIsOneServerSpanAndEachCallAChildWhoseIdTheServiceReceived() throws Exception {
    HttpResponse<String> response = get(gw, "/products/3");
    assertEquals(200, response.statusCode());
    String requestId = response.headers().firstValue("x-request-id").orElseThrow();
    Matcher product = last(gw, "catalog", "GET /products/3");
    Matcher seller = last(gw, "users", "GET /users/");
    String traceId = product.group(1);
    assertEquals(traceId, seller.group(1), "one trace");
    assertEquals("01", product.group(3), "ratio 1 samples every new trace");

    List<OtlpReceiver.Received> spans = spans(traceId, 3);
    assertEquals(3, spans.size(), "one SERVER span and one CLIENT span per call: " + spans);
    OtlpReceiver.Received server = only(spans, Span.SpanKind.SPAN_KIND_SERVER, null);
    assertEquals("GET /products/{id}", server.name());
    assertEquals(requestId, server.spanId(), "the request id is the SERVER span");
    assertEquals("", server.parentSpanId(), "a new trace: the SERVER span is its root");
    assertEquals("mosaic-test", server.service());
    assertEquals("GET", server.string("http.request.method"));
    assertEquals("/products/{id}", server.string("http.route"));
    assertEquals("/products/3", server.string("url.path"));
    assertEquals("http", server.string("url.scheme"));
    assertEquals(200L, server.number("http.response.status_code"));
    assertEquals("127.0.0.1", server.string("server.address"));
    assertEquals((long) gw.port(), server.number("server.port"));
    assertEquals("127.0.0.1", server.string("client.address"));
    assertFalse(server.attributes().containsKey("error.type"));

    OtlpReceiver.Received productSpan = only(spans, Span.SpanKind.SPAN_KIND_CLIENT, "product");
    assertEquals(
        productSpan.spanId(),
        product.group(2),
        "the traceparent catalog received names the call's CLIENT span as its parent");
    assertEquals(server.spanId(), productSpan.parentSpanId(), "a child of the SERVER span");
    assertEquals("GET /products/${path.id}", productSpan.name());
    assertEquals("GET", productSpan.string("http.request.method"));
    assertEquals("/products/3", productSpan.string("url.path"));
    assertEquals("catalog", productSpan.string("mosaic.service"));
    assertEquals(200L, productSpan.number("http.response.status_code"));
    assertEquals("127.0.0.1", productSpan.string("server.address"));
    assertEquals(
        (long) gw.stub("catalog").port(), productSpan.number("server.port"), "the instance called");
    assertEquals(
        0, productSpan.events("attempt"), "one request: its instance is the span's, no event");

    OtlpReceiver.Received sellerSpan = only(spans, Span.SpanKind.SPAN_KIND_CLIENT, "seller");
    assertEquals(sellerSpan.spanId(), seller.group(2));
    assertEquals(server.spanId(), sellerSpan.parentSpanId());
    assertEquals("users", sellerSpan.string("mosaic.service"));
  }

  @Test
  void ratioOneExportsEveryRequest() throws Exception {
    Set<String> requestIds = new HashSet<>();
    for (int i = 1; i <= 20; i++) {
      HttpResponse<String> response = get(gw, "/products/" + i);
      assertEquals(200, response.statusCode());
      requestIds.add(response.headers().firstValue("x-request-id").orElseThrow());
    }
    eventually(
        WAIT,
        "a SERVER span for each of 20 requests",
        () ->
            receiver.spans().stream()
                .filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER)
                .map(OtlpReceiver.Received::spanId)
                .collect(java.util.stream.Collectors.toSet())
                .containsAll(requestIds));
    eventually(
        WAIT,
        "the exported spans counted",
        () ->
            GatewayHarness.holds(
                () ->
                    Scrape.parse(gw.admin("GET", "/metrics", null).body())
                            .sum("mosaic_tracing_spans_exported_total")
                        >= 60));
  }

  @Test
  void aSampledCallersTraceIsContinued() throws Exception {
    String caller = "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-01";
    HttpResponse<String> response = get(gw, "/products/4", "traceparent", caller);
    assertEquals(200, response.statusCode());
    Matcher product = last(gw, "catalog", "GET /products/4");
    assertEquals(CLIENT_TRACE, product.group(1));
    assertEquals("01", product.group(3));
    List<OtlpReceiver.Received> spans = spans(CLIENT_TRACE, 3);
    OtlpReceiver.Received server = only(spans, Span.SpanKind.SPAN_KIND_SERVER, null);
    assertEquals(CLIENT_PARENT, server.parentSpanId(), "the caller's span is the SERVER's parent");
    assertEquals(response.headers().firstValue("x-request-id").orElseThrow(), server.spanId());
    assertEquals(only(spans, Span.SpanKind.SPAN_KIND_CLIENT, "product").spanId(), product.group(2));
  }

  @Test
  void anUnsampledCallerIsFollowedAndNothingIsExported() throws Exception {
    String unsampledTrace = "0af7651916cd43dd8448eb211c80319c";
    HttpResponse<String> response =
        get(gw, "/products/5", "traceparent", "00-" + unsampledTrace + "-b7ad6b7169203331-00");
    assertEquals(200, response.statusCode());
    for (String[] call :
        new String[][] {{"catalog", "GET /products/5"}, {"users", "GET /users/"}}) {
      Matcher m = last(gw, call[0], call[1]);
      assertEquals(unsampledTrace, m.group(1));
      assertEquals("00", m.group(3), call[0] + " is told the trace is not sampled");
      assertEquals(
          response.headers().firstValue("x-request-id").orElseThrow(),
          m.group(2),
          "an unsampled request's calls name its (unrecorded) span as their parent");
    }
    // a sampled request after it: once its spans are in, the unsampled one's would be too
    Matcher marker = markerRequest(gw);
    spans(marker.group(1), 3);
    assertTrue(receiver.trace(unsampledTrace).isEmpty(), "nothing exported for flag 00");
  }

  private static Matcher markerRequest(GatewayHarness gateway) throws Exception {
    String trace = java.util.HexFormat.of().formatHex(randomBytes(16));
    assertEquals(
        200,
        get(gateway, "/products/6", "traceparent", "00-" + trace + "-" + CLIENT_PARENT + "-01")
            .statusCode());
    Matcher m = TRACEPARENT.matcher("00-" + trace + "-" + CLIENT_PARENT + "-01");
    assertTrue(m.matches());
    return m;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new java.security.SecureRandom().nextBytes(bytes);
    bytes[0] |= 1; // never all zero
    return bytes;
  }

  @Test
  void aRetryShowsOnTheCallsSpanAndEveryAttemptNamesIt() throws Exception {
    gw.stub("inventory").behaviour().status(503);
    HttpResponse<String> response = get(gw, "/stock/7");
    assertEquals(502, response.statusCode(), response.body());
    List<Matcher> attempts = received(gw, "inventory", "GET /stock/7");
    assertEquals(2, attempts.size(), "tried twice");
    assertEquals(attempts.get(0).group(0), attempts.get(1).group(0), "one parent for both tries");
    List<OtlpReceiver.Received> spans = spans(attempts.get(0).group(1), 2);
    OtlpReceiver.Received call = only(spans, Span.SpanKind.SPAN_KIND_CLIENT, "stock");
    assertEquals(call.spanId(), attempts.get(0).group(2));
    assertEquals(2, call.events("attempt"));
    assertEquals(1, call.events("retry"));
    assertEquals(503L, call.number("http.response.status_code"));
    assertEquals("error", call.string("error.type"));
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, call.status().getCode());
    OtlpReceiver.Received server = only(spans, Span.SpanKind.SPAN_KIND_SERVER, null);
    assertEquals(502L, server.number("http.response.status_code"));
    assertEquals("502", server.string("error.type"));
  }

  @Test
  void aFractionalRatioExportsExactlyTheNewTracesItsCallsSaySampled() throws Exception {
    try (GatewayHarness half = GatewayHarness.start(config(receiver.endpoint(), 0.5))) {
      for (int i = 1; i <= 40; i++) {
        assertEquals(200, get(half, "/stock/" + i).statusCode());
      }
      List<Matcher> sent = received(half, "inventory", "GET /stock/");
      assertEquals(40, sent.size());
      List<Matcher> sampled = sent.stream().filter(m -> m.group(3).equals("01")).toList();
      // binomial(40, 0.5) outside 5..35 has a probability under 1e-7
      assertTrue(sampled.size() >= 5 && sampled.size() <= 35, sampled.size() + " of 40 sampled");
      long bound = (long) (0.5 * Long.MAX_VALUE);
      for (Matcher m : sent) {
        assertEquals(
            Math.abs(Long.parseUnsignedLong(m.group(1).substring(16), 16)) < bound,
            m.group(3).equals("01"),
            "decided by the trace id as the SDK's TraceIdRatioBased sampler does: " + m.group());
      }
      for (Matcher m : sampled) {
        List<OtlpReceiver.Received> spans = spans(m.group(1), 2);
        OtlpReceiver.Received call = only(spans, Span.SpanKind.SPAN_KIND_CLIENT, "stock");
        assertEquals(m.group(2), call.spanId(), "the exported call is the one the service saw");
        OtlpReceiver.Received server = only(spans, Span.SpanKind.SPAN_KIND_SERVER, null);
        assertEquals(server.spanId(), call.parentSpanId());
      }
      spans(markerRequest(half).group(1), 3); // exported after every batch before it
      for (Matcher m : sent) {
        if (m.group(3).equals("00")) {
          assertTrue(receiver.trace(m.group(1)).isEmpty(), "nothing of unsampled " + m.group(1));
        }
      }
    }
  }

  @Test
  void ratioZeroExportsNoNewTraceButFollowsASampledCaller() throws Exception {
    try (GatewayHarness zero = GatewayHarness.start(config(receiver.endpoint(), 0.0))) {
      HttpResponse<String> response = get(zero, "/products/8");
      assertEquals(200, response.statusCode());
      Matcher product = last(zero, "catalog", "GET /products/8");
      assertEquals("00", product.group(3), "a new trace is not sampled at ratio 0");
      Matcher marker = markerRequest(zero);
      spans(marker.group(1), 3); // a sampled caller is followed even at ratio 0
      assertTrue(receiver.trace(product.group(1)).isEmpty(), "nothing of the unsampled trace");
    }
  }

  @Test
  void anUnreachableCollectorDropsAndCountsSpansAndClientsAreUnaffected() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (GatewayHarness gateway =
        GatewayHarness.start(config("http://127.0.0.1:" + closed + "/v1/traces", 1.0))) {
      for (int i = 1; i <= 20; i++) {
        assertEquals(200, get(gateway, "/products/" + i).statusCode());
      }
      awaitExportsFailed(gateway, 1);
    }
  }

  @Test
  void everyExportIsProtobufAndCarriesTheConfiguredHeaders() throws Exception {
    try (OtlpReceiver tenant = OtlpReceiver.start();
        GatewayHarness gateway =
            GatewayHarness.start(
                config(tenant.endpoint(), 1.0)
                    .replace(
                        "timeout: 2s }", "timeout: 2s, headers: { x-scope-orgid: shop-eu } }"))) {
      assertEquals(200, get(gateway, "/products/4").statusCode());
      String traceId = last(gateway, "catalog", "GET /products/4").group(1);
      eventually(WAIT, "the request's spans", () -> tenant.trace(traceId).size() >= 3);
      assertFalse(tenant.requests().isEmpty());
      for (com.sun.net.httpserver.Headers request : tenant.requests()) {
        assertEquals("application/x-protobuf", request.getFirst("content-type"));
        assertEquals("shop-eu", request.getFirst("x-scope-orgid"));
      }
    }
  }

  @Test
  void aCollectorRefusingBatchesHasThemCountedAsDropped() throws Exception {
    try (OtlpReceiver refusing = OtlpReceiver.start(503);
        GatewayHarness gateway = GatewayHarness.start(config(refusing.endpoint(), 1.0))) {
      for (int i = 1; i <= 5; i++) {
        assertEquals(200, get(gateway, "/products/" + i).statusCode());
      }
      awaitExportsFailed(gateway, 15);
      assertFalse(refusing.requests().isEmpty(), "the batches were sent");
    }
  }

  @Test
  void aCollectorThatNeverAnswersCostsItsBatchesNotTheClients() throws Exception {
    // accepts connections and reads nothing: each export waits out its timeout (300 ms here)
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        GatewayHarness gateway =
            GatewayHarness.start(
                config("http://127.0.0.1:" + silent.getLocalPort() + "/v1/traces", 1.0)
                    .replace("timeout: 2s", "timeout: 300ms"))) {
      long started = System.nanoTime();
      for (int i = 1; i <= 20; i++) {
        assertEquals(200, get(gateway, "/products/" + i).statusCode());
      }
      long tookMillis = (System.nanoTime() - started) / 1_000_000;
      // 20 requests to local stubs: far below one export timeout each, were any waiting on one
      assertTrue(tookMillis < 20 * 300, "20 requests took " + tookMillis + " ms");
      awaitExportsFailed(gateway, 1);
    }
  }

  @Test
  void stoppingTheGatewaySendsWhatIsQueued() throws Exception {
    String traceId;
    try (GatewayHarness gateway =
        GatewayHarness.start(
            config(receiver.endpoint(), 1.0).replace("batchDelay: 20ms", "batchDelay: 1h"))) {
      assertEquals(200, get(gateway, "/products/9").statusCode());
      traceId = last(gateway, "catalog", "GET /products/9").group(1);
    }
    // the batch would have waited an hour: the spans arrive because closing flushed them
    assertEquals(3, spans(traceId, 3).size());
  }
}
