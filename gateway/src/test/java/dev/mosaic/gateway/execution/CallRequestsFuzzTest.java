package dev.mosaic.gateway.execution;

import static dev.mosaic.rules.expression.RequestTarget.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.rules.expression.RequestTarget;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's own rendering of calls from a client's path, query, headers and JSON body, as
 * RequestContext hands them over: each call is refused as bad input (400) by the check that runs
 * before any call starts, or renders a target a server reads one way with each value whole, and
 * header values with no CR, LF or NUL. No other exception, ever: it would be a 500.
 */
class CallRequestsFuzzTest {

  private static final EndpointPlan ENDPOINT =
      endpoint(
          """
      services:
        catalog: { urls: ["http://127.0.0.1:9"] }
      endpoints:
        POST /items/{id}:
          headers: [X-Tenant]
          calls:
            parts:
              service: catalog
              path: "/items/${path.id}/parts?q=${query.q}&tag=${body.tag}"
              headers: { X-Tenant: "t-${headers.`x-tenant`}", X-Tag: "${body.tag}" }
            byKey: { service: catalog, path: "/by/${body.key}", headers: { X-Key: "${body.key}" } }
            many:
              service: catalog
              path: /many
              batch: { over: "${body.keys}", param: ids, maxSize: 3, key: id }
      """);

  @FuzzTest(maxDuration = "15s")
  void everyCallIsRefusedAsBadInputOrRenderedSafely(FuzzedDataProvider data) {
    Map<String, Object> context = new LinkedHashMap<>();
    String id = data.consumeString(30);
    String q = data.consumeBoolean() ? data.consumeString(30) : null;
    String tenant = data.consumeString(30);
    Object body =
        data.consumeBoolean() ? structuredBody(data) : parsedBody(data.consumeRemainingAsString());
    context.put("path", Map.of("id", id));
    Map<String, Object> query = new LinkedHashMap<>();
    if (q != null) {
      query.put("q", q);
    }
    context.put("query", query);
    context.put("headers", Map.of("x-tenant", tenant));
    context.put("body", body);

    try {
      for (CallPlan call : ENDPOINT.calls()) {
        CallRequests.checkClientInput(call, context);
      }
    } catch (RequestInputException refused) {
      assertEquals(Reason.BAD_INPUT, refused.reason(), refused.getMessage());
      return;
    }
    for (CallPlan call : ENDPOINT.calls()) {
      CallRequests.Prepared prepared;
      try {
        prepared = CallRequests.prepare(call, context);
      } catch (RequestInputException e) {
        // every template here reads only the client's input: the check above should have said so
        fail(
            call.name()
                + " passed the check, then failed with "
                + e.reason()
                + ": "
                + show(e.getMessage())
                + " for "
                + show(context));
        return;
      }
      for (ServiceRequest request : prepared.requests()) {
        RequestTarget.assertWellFormed(request.uri());
        request
            .headers()
            .forEach(
                h ->
                    assertTrue(
                        h.getValue().chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0),
                        () -> "header " + h.getKey() + ": " + show(h.getValue())));
        if (call.name().equals("parts")) {
          List<String> segments = RequestTarget.segments(request.uri());
          assertEquals(List.of("items", segments.get(1), "parts"), segments, request.uri());
          assertEquals(id, RequestTarget.decode(segments.get(1)));
          assertEquals(
              q == null ? "" : q, RequestTarget.decode(RequestTarget.param(request.uri(), "q")));
          assertEquals("t-" + tenant, request.headers().get("X-Tenant"));
        } else {
          assertEquals(
              call.name().equals("byKey") ? 2 : 1,
              RequestTarget.segments(request.uri()).size(),
              request.uri());
        }
      }
    }
  }

  /**
   * What RequestContext passes on: the body parsed as JSON, or nothing when it is not JSON (a 400
   * there).
   */
  private static Object parsedBody(String text) {
    try {
      return JsonCodec.parse(Buffer.buffer(text));
    } catch (IOException notJson) {
      return null;
    }
  }

  private static Map<String, Object> structuredBody(FuzzedDataProvider data) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tag", value(data, 2));
    body.put("key", value(data, 2));
    List<Object> keys = new ArrayList<>();
    for (int n = data.consumeInt(0, 5); n > 0; n--) {
      keys.add(value(data, 1));
    }
    body.put("keys", keys);
    return body;
  }

  private static Object value(FuzzedDataProvider data, int depth) {
    switch (data.consumeInt(0, depth > 0 ? 7 : 5)) {
      case 0:
        return data.consumeString(30);
      case 1:
        return data.consumeLong();
      case 2:
        return parsedBody(
            data.consumeAsciiString(12)); // numbers as Jackson reads them: 1e999, 1E400, -0.0
      case 3:
        return data.consumeBoolean();
      case 4:
        return null;
      case 5:
        return new String(new char[] {data.consumeChar(), data.consumeChar()});
      case 6:
        {
          List<Object> list = new ArrayList<>();
          for (int n = data.consumeInt(0, 3); n > 0; n--) {
            list.add(value(data, depth - 1));
          }
          return list;
        }
      default:
        return Map.of("id", String.valueOf(value(data, depth - 1)));
    }
  }

  private static EndpointPlan endpoint(String yaml) {
    try {
      return PlanCompiler.compile("fuzz.yaml", yaml).endpoints().get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
