package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * W3C trace context through the gateway, as the services see it in their request logs: every call
 * carries a traceparent of the client's trace (or a new one), with the gateway's span as parent;
 * whatever malformed header a client sends is replaced, never forwarded.
 */
class TracingTest {

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])");
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_PARENT = "00f067aa0ba902b7";

  @RegisterExtension
  static final GatewayHarness gw =
      GatewayHarness.forConfig(
          """
      services:
        catalog: { urls: ["{catalog}"] }
        users: { urls: ["{users}"] }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
            seller: { service: users, path: "/users/${product.sellerId}" }
          response: { name: "${product.name}", seller: "${seller.name}" }
        GET /raw/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
        GET /missing/{id}:
          calls:
            product: { service: catalog, path: "/nothing-here/${path.id}" }
          response: { name: "${product.name}" }
      """);

  private static JsonObject lastHeaders(String service) {
    List<JsonObject> headers = gw.stub(service).behaviour().recentHeaders();
    assertFalse(headers.isEmpty(), service + " was called");
    return headers.get(headers.size() - 1);
  }

  private static Matcher parent(String service) {
    String header = lastHeaders(service).getString("traceparent");
    assertTrue(header != null, service + " got a traceparent");
    Matcher m = TRACEPARENT.matcher(header);
    assertTrue(m.matches(), "a valid traceparent: " + header);
    return m;
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gw.uri(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return gw.send(request);
  }

  @Test
  void withoutATraceTheGatewayStartsOneAndEveryCallOfTheRequestCarriesIt() throws Exception {
    HttpResponse<String> response = get("/products/3");
    assertEquals(200, response.statusCode());
    Matcher product = parent("catalog");
    Matcher seller = parent("users");
    assertEquals(product.group(1), seller.group(1), "one trace for the request's calls");
    assertEquals(
        product.group(2), seller.group(2), "both calls are children of the gateway's span");
    assertEquals("01", product.group(3), "a new trace is sampled");
    assertEquals(
        product.group(2),
        response.headers().firstValue("x-request-id").orElse(""),
        "the request id is the gateway's span: the services' logs and the gateway's meet on it");
    get("/products/3");
    assertNotEquals(
        product.group(1), parent("catalog").group(1), "each request gets a trace of its own");
  }

  @Test
  void theClientsTraceIsContinuedWithItsStateAndFlags() throws Exception {
    assertEquals(
        200,
        get(
                "/products/4",
                "traceparent",
                "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-00",
                "tracestate",
                "vendor=abc",
                "tracestate",
                "other=1")
            .statusCode());
    Matcher m = parent("catalog");
    assertEquals(CLIENT_TRACE, m.group(1));
    assertNotEquals(
        CLIENT_PARENT, m.group(2), "the service's parent is the gateway, not the client");
    assertEquals("00", m.group(3), "the client's not-sampled flag is kept");
    assertEquals("vendor=abc,other=1", lastHeaders("catalog").getString("tracestate"));
  }

  @Test
  void aPassthroughCarriesTheTraceToo() throws Exception {
    assertEquals(
        200,
        get("/raw/5", "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-01")
            .statusCode());
    assertEquals(CLIENT_TRACE, parent("catalog").group(1));
  }

  @Test
  void malformedTraceHeadersAreReplacedNeverForwarded() throws Exception {
    List<String> malformed =
        List.of(
            "00-" + CLIENT_TRACE.toUpperCase() + "-" + CLIENT_PARENT + "-01",
            "00-00000000000000000000000000000000-" + CLIENT_PARENT + "-01",
            "00-" + CLIENT_TRACE + "-0000000000000000-01",
            "ff-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-01",
            "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-01-extra",
            "00-" + CLIENT_TRACE.substring(1) + "-" + CLIENT_PARENT + "-01",
            "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-zz",
            "garbage");
    for (String bad : malformed) {
      assertEquals(
          200, get("/products/6", "traceparent", bad, "tracestate", "evil=1").statusCode(), bad);
      Matcher m = parent("catalog");
      assertNotEquals(CLIENT_TRACE, m.group(1), "a new trace, not the malformed one's: " + bad);
      assertNull(
          lastHeaders("catalog").getString("tracestate"),
          "state travels only with its traceparent");
    }
    // two traceparent headers are ambiguous: a new trace as well
    assertEquals(
        200,
        get(
                "/products/6",
                "traceparent",
                "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-01",
                "traceparent",
                "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-01")
            .statusCode());
    assertNotEquals(CLIENT_TRACE, parent("catalog").group(1));
  }

  @Test
  void problemDetailsNameTheRequestAndItsTrace() throws Exception {
    HttpResponse<String> response =
        get("/missing/1", "traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_PARENT + "-01");
    assertEquals(404, response.statusCode(), response.body());
    JsonObject problem = GatewayHarness.json(response);
    assertEquals(CLIENT_TRACE, problem.getString("traceId"));
    assertEquals(
        response.headers().firstValue("x-request-id").orElse("?"), problem.getString("requestId"));
    assertEquals(parent("catalog").group(2), problem.getString("requestId"));
    HttpResponse<String> unmatched = get("/nowhere");
    assertEquals(404, unmatched.statusCode());
    assertEquals(
        16, GatewayHarness.json(unmatched).getString("requestId").length(), "even with no route");
  }
}
