package dev.mosaic.gateway;

import static dev.mosaic.rules.expression.RequestTarget.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mosaic.rules.expression.RequestTarget;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzed path segments, query values and header values sent over a raw socket to a running gateway
 * with a templated endpoint. Every answer comes within a bound and is a 2xx or the gateway's own
 * problem+json (never a 500) — or, for bytes that are not HTTP, the server's plain 400. Whatever
 * reached the stub has the template's shape: one segment holding the value, which decodes back to
 * what the client sent, and the header value whole.
 */
class GatewayFuzzTest {

  private static final String CONFIG =
      """
      services:
        catalog: { urls: ["{catalog}"] }
      endpoints:
        GET /fz/{id}:
          headers: [X-Tenant]
          calls:
            product:
              service: catalog
              path: "/products/${path.id}?q=${query.q}"
              headers: { X-Tenant: "t-${headers.`x-tenant`}" }
          response: { name: "${product.name}" } # composed, not a passthrough: errors are the gateway's
      """;

  /** Far above any answer here (no latency, no retries): only a hang gets near it. */
  private static final int READ_TIMEOUT_MS = 10_000;

  @RegisterExtension static final GatewayHarness gw = GatewayHarness.forConfig(CONFIG);

  @FuzzTest(maxDuration = "20s")
  void everyAnswerIsTheGatewaysAndWhatReachesTheStubHasTheTemplatesShape(FuzzedDataProvider data)
      throws Exception {
    BugDetectors.allowNetworkConnections(); // Jazzer's SSRF detector: these sockets are the point
    boolean raw =
        data.consumeBoolean(); // raw bytes a server may refuse, or well-formed percent-encoding
    String id =
        data.consumeBoolean() ? String.valueOf(data.consumeInt(0, 30)) : data.consumeString(24);
    String q = data.consumeString(24);
    String tenant = headerValue(data.consumeString(24), raw);
    String target = "/fz/" + (raw ? rawly(id) : encode(id)) + "?q=" + (raw ? rawly(q) : encode(q));

    gw.stub("catalog").behaviour().restore();
    Answer answer = send(target, tenant);

    assertNotEquals(500, answer.status, () -> "500 for " + show(target) + ": " + show(answer.body));
    boolean problem = "application/problem+json".equals(answer.contentType);
    if (problem) {
      assertEquals(answer.status, new JsonObject(answer.body).getInteger("status"), answer.body);
    } else if (!raw || answer.status != 400) {
      // only bytes that are not HTTP may get the HTTP server's own plain 400
      assertTrue(
          answer.status >= 200 && answer.status < 300,
          () ->
              answer.status
                  + " "
                  + show(answer.contentType)
                  + " for "
                  + show(target)
                  + ": "
                  + show(answer.body));
    }

    List<String> lines = gw.stub("catalog").behaviour().recentLines();
    assertTrue(lines.size() <= 1, lines::toString);
    if (lines.isEmpty()) {
      assertTrue(answer.status >= 400, () -> answer.status + " though no call reached the stub");
      return;
    }
    String arrived = lines.get(0).substring("GET ".length());
    RequestTarget.assertWellFormed(arrived);
    List<String> segments = RequestTarget.segments(arrived);
    assertEquals(2, segments.size(), arrived);
    assertEquals("products", segments.get(0), arrived);
    assertEquals(1, RequestTarget.query(arrived).size(), arrived);
    String sentTenant = gw.stub("catalog").behaviour().recentHeaders().get(0).getString("x-tenant");
    if (!raw) {
      assertEquals(utf8(id), RequestTarget.decode(segments.get(1)), arrived);
      assertEquals(utf8(q), RequestTarget.decode(RequestTarget.param(arrived, "q")), arrived);
      assertEquals(
          "t-" + trimmed(tenant),
          sentTenant,
          () -> show(tenant) + " arrived as " + show(sentTenant));
    }
    assertTrue(
        sentTenant.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0),
        () -> show(sentTenant));
  }

  private record Answer(int status, String contentType, String body) {}

  /** One request on its own connection; the whole answer, read until the server closes. */
  private static Answer send(String target, String tenant) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gw.port())) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.write(
          ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Tenant: ")
              .getBytes(StandardCharsets.UTF_8));
      request.write(tenant.getBytes(StandardCharsets.ISO_8859_1));
      request.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(request.toByteArray());
      byte[] bytes;
      try {
        bytes = readAll(socket.getInputStream());
      } catch (SocketTimeoutException e) {
        fail("no answer within " + READ_TIMEOUT_MS + " ms for " + show(target));
        return null;
      }
      return parse(new String(bytes, StandardCharsets.ISO_8859_1), target);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static Answer parse(String response, String target) {
    int headersEnd = response.indexOf("\r\n\r\n");
    // Vert.x answers a request line it cannot parse as HTTP/1.0
    assertTrue(
        response.matches("(?s)HTTP/1\\.[01] .*") && headersEnd > 0,
        () -> "no HTTP answer for " + show(target) + ": " + show(response));
    String contentType = null;
    for (String line : response.substring(0, headersEnd).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
        contentType = line.substring("content-type:".length()).trim();
      }
    }
    return new Answer(
        Integer.parseInt(response.substring(9, 12)),
        contentType,
        response.substring(headersEnd + 4));
  }

  /** Every byte of the UTF-8 form percent-encoded: the value arrives exactly as it was. */
  private static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(String.format("%02X", b & 0xFF));
    }
    return out.toString();
  }

  /** As typed: only what would end the request line or start a fragment or query is encoded. */
  private static String rawly(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      out.append(
          c == ' ' || c == '\r' || c == '\n' || c == '#' || c == '?'
              ? "%" + String.format("%02X", (int) c)
              : c);
    }
    return out.toString();
  }

  /**
   * A header value as ISO-8859-1 text: visible characters, spaces, tabs and obs-text when
   * well-formed; raw also lets other control characters through, never CR or LF (they would end the
   * header).
   */
  private static String headerValue(String value, boolean raw) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      boolean visible = c == '\t' || (c >= 0x20 && c <= 0xFF && c != 0x7F);
      if (visible || (raw && c < 0x100 && c != '\r' && c != '\n')) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** What the value is once sent as UTF-8: a lone surrogate goes out as '?'. */
  private static String utf8(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /** A header value without the spaces and tabs around it, which HTTP does not count. */
  private static String trimmed(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
      end--;
    }
    return value.substring(start, end);
  }
}
