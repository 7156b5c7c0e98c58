package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A hostile client against a running gateway over raw sockets: smuggling variants, malformed and
 * oversized heads, slow clients, hostile values in every templated position (from the client and
 * from a service's answer), forged forwarding headers and Connection-named headers. Each case
 * asserts the status, whether the connection closed where RFC 9112 requires it, and — through the
 * stubs' request logs — exactly what reached a service.
 */
class EdgeAdversarialTest {

  private static final long HEADER_TIMEOUT_MS = 600;
  private static final long BODY_TIMEOUT_MS = 600;
  private static final long KEEP_ALIVE_TIMEOUT_MS = 800;

  @RegisterExtension
  static final GatewayHarness gw =
      GatewayHarness.forConfig(
          """
      server:
        host: 127.0.0.1
        port: 0
        instances: 2
        maxBodySize: 1KB
        trustedProxies: ["10.0.0.0/8"]
        limits:
          headerTimeout: %dms
          bodyTimeout: %dms
          keepAliveTimeout: %dms
          maxUrlLength: 1024
          maxHeaderSize: 4KB
      services:
        catalog: { urls: ["{catalog}"] }
        reviews: { urls: ["{reviews}"] }
        users: { urls: ["{users}"] }
        orders: { urls: ["{orders}"] }
      endpoints:
        GET /items/{id}:
          headers: [X-Tag]
          calls:
            product:
              service: catalog
              path: "/products/${path.id}?q=${query.q}"
              headers: { X-Tag: "${headers.`x-tag`}", X-Q: "${query.h}" }
          response: { name: "${product.name}" }
        POST /orders:
          calls:
            order: { service: orders, method: POST, path: /orders }
        GET /reviewer/{id}:
          calls:
            reviews: { service: reviews, path: "/reviews?productId=${path.id}&limit=1" }
            user: { service: users, path: "/users/${reviews[0].userId}" }
          response: { user: "${user.name}" }
        GET /reviewer-note/{id}:
          calls:
            reviews: { service: reviews, path: "/reviews?productId=${path.id}&limit=1" }
            user: { service: users, path: "/users/1", headers: { X-Note: "${reviews[0].text}" } }
          response: { user: "${user.name}" }
      """
              .formatted(HEADER_TIMEOUT_MS, BODY_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS));

  private static final String ORDER =
      "{\"customerId\":1,\"items\":[{\"productId\":1,\"quantity\":1}]}";

  private static String post(String framing, String body) {
    return "POST /orders HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
        + framing
        + "\r\n"
        + body;
  }

  private static String chunked(String body) {
    return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  private static List<String> linesSince(String service, int before) {
    List<String> lines = gw.stub(service).behaviour().recentLines();
    return lines.subList(before, lines.size());
  }

  private static int lines(String service) {
    return gw.stub(service).behaviour().recentLines().size();
  }

  // ---- smuggling and framing ----

  @Test
  void aWellFramedRequestIsServedAndItsConnectionStaysOpen() throws Exception {
    long before = gw.stub("orders").behaviour().requests();
    RawHttp.Answer answer =
        RawHttp.exchange(gw.port(), post("Content-Length: " + ORDER.length() + "\r\n", ORDER));
    assertEquals(201, answer.status(), answer.raw());
    assertFalse(answer.closed(), "a good request keeps its connection");
    assertEquals(before + 1, gw.stub("orders").behaviour().requests());
    RawHttp.Answer viaChunks =
        RawHttp.exchange(gw.port(), post("Transfer-Encoding: chunked\r\n", chunked(ORDER)));
    assertEquals(201, viaChunks.status(), viaChunks.raw());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CL then TE          | Content-Length: 4\\r\\nTransfer-Encoding: chunked\\r\\n                 | 400",
        "TE then CL          | Transfer-Encoding: chunked\\r\\nContent-Length: 4\\r\\n                 | 400",
        "TE not final        | Transfer-Encoding: chunked, gzip\\r\\n                                  | 400",
        "TE unknown only     | Transfer-Encoding: gzip\\r\\n                                           | 400",
        "TE chunked twice    | Transfer-Encoding: chunked, chunked\\r\\n                               | 400",
        "TE header twice     | Transfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n         | 400",
        "TE other coding     | Transfer-Encoding: gzip, chunked\\r\\n                                  | 501",
        "TE lookalike        | Transfer-Encoding: xchunked\\r\\n                                       | 400",
        "CL twice same       | Content-Length: 4\\r\\nContent-Length: 4\\r\\n                          | 400",
        "CL twice differing  | Content-Length: 4\\r\\nContent-Length: 5\\r\\n                          | 400",
        "CL list             | Content-Length: 4, 4\\r\\n                                              | 400",
        "CL negative         | Content-Length: -4\\r\\n                                                | 400",
        "CL with sign        | Content-Length: +4\\r\\n                                                | 400",
        "space before colon  | Transfer-Encoding : chunked\\r\\n                                       | 400",
        "TE on HTTP/1.0      | Transfer-Encoding: chunked\\r\\n                                        | 400-1.0",
      })
  void ambiguousFramingIsRefusedTheConnectionClosedAndNothingForwarded(
      String name, String framing, String expected) throws Exception {
    long before = gw.stub("orders").behaviour().requests();
    // the body holds a second, smuggled request: a server that framed by the other header would run
    // it
    String smuggled = "0\r\n\r\nGET /items/1 HTTP/1.1\r\nHost: gw\r\n\r\n";
    String request = post(framing.replace("\\r\\n", "\r\n").strip() + "\r\n", smuggled);
    if (expected.endsWith("-1.0")) {
      request = request.replace(" HTTP/1.1\r\n", " HTTP/1.0\r\n");
    }
    int status = Integer.parseInt(expected.replace("-1.0", ""));
    RawHttp.Answer answer = RawHttp.exchange(gw.port(), request);
    assertEquals(status, answer.status(), name + ": " + answer.raw());
    assertTrue(answer.closed(), name + ": the connection must close (RFC 9112 §6.1, §6.3)");
    assertEquals(1, statusLines(answer.raw()), name + ": exactly one answer, nothing smuggled");
    assertEquals(
        before, gw.stub("orders").behaviour().requests(), name + ": nothing reached the service");
  }

  private static long statusLines(String raw) {
    return java.util.regex.Pattern.compile("(?m)^HTTP/1\\.[01] \\d{3} ")
        .matcher(raw)
        .results()
        .count();
  }

  @Test
  void theGatewaysOwnFramingRefusalsAreProblems() throws Exception {
    RawHttp.Answer answer =
        RawHttp.exchange(
            gw.port(), post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"));
    assertEquals("application/problem+json", answer.header("content-type"));
    assertEquals(
        "urn:mosaic:problem:ambiguous-framing", new JsonObject(answer.body()).getString("type"));
    assertEquals("close", answer.header("connection"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no Host in HTTP/1.1 | GET /items/1 HTTP/1.1\\r\\n\\r\\n",
        "two Host headers    | GET /items/1 HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n",
        "Host with a path    | GET /items/1 HTTP/1.1\\r\\nHost: evil.example/x\\r\\n\\r\\n",
        "Host with a space   | GET /items/1 HTTP/1.1\\r\\nHost: evil example\\r\\n\\r\\n",
        "Host with userinfo  | GET /items/1 HTTP/1.1\\r\\nHost: user@evil\\r\\n\\r\\n",
      })
  void aMissingDuplicateOrMalformedHostIsRefusedAndClosed(String name, String request)
      throws Exception {
    int before = lines("catalog");
    RawHttp.Answer answer = RawHttp.exchange(gw.port(), request.replace("\\r\\n", "\r\n"));
    assertEquals(400, answer.status(), name + ": " + answer.raw());
    assertTrue(answer.closed(), name);
    assertEquals(List.of(), linesSince("catalog", before), name + ": nothing reached the service");
  }

  @Test
  void anHttp10RequestMayOmitHost() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gw.port(), "GET /items/1 HTTP/1.0\r\n\r\n");
    assertEquals(200, answer.status(), answer.raw());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bare LF line ends   | GET /items/1 HTTP/1.1\\nHost: gw\\n\\n",
        "garbage line        | HELLO\\r\\n\\r\\n",
        "no version          | GET /items/1\\r\\nHost: gw\\r\\n\\r\\n",
        "NUL in a header     | GET /items/1 HTTP/1.1\\r\\nHost: gw\\r\\nX-A: a\\u0000b\\r\\n\\r\\n",
        "header without name | GET /items/1 HTTP/1.1\\r\\nHost: gw\\r\\n: x\\r\\n\\r\\n",
      })
  void malformedHeadsAreRefused(String name, String request) throws Exception {
    int before = lines("catalog");
    RawHttp.Answer answer =
        RawHttp.exchange(
            gw.port(),
            request.replace("\\r\\n", "\r\n").replace("\\n", "\n").replace("\\u0000", "\u0000"));
    assertEquals(400, answer.status(), name + ": " + answer.raw());
    assertTrue(answer.closed(), name);
    assertEquals(List.of(), linesSince("catalog", before), name);
  }

  @Test
  void oversizedUrlAndHeadAreRefusedBeforeAnyRoute() throws Exception {
    int before = lines("catalog");
    RawHttp.Answer url =
        RawHttp.exchange(
            gw.port(), "GET /items/" + "1".repeat(2000) + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    assertEquals(414, url.status(), url.raw());
    assertTrue(url.closed());
    assertUnreadableHeadProblem(url, "uri-too-long");
    RawHttp.Answer head =
        RawHttp.exchange(
            gw.port(),
            "GET /items/1 HTTP/1.1\r\nHost: gw\r\nX-Big: " + "a".repeat(5000) + "\r\n\r\n");
    assertEquals(431, head.status(), head.raw());
    assertTrue(head.closed());
    assertUnreadableHeadProblem(head, "header-too-large");
    RawHttp.Answer garbage = RawHttp.exchange(gw.port(), "HELLO\r\n\r\n");
    assertEquals(400, garbage.status(), garbage.raw());
    assertTrue(garbage.closed());
    assertUnreadableHeadProblem(garbage, "bad-request");
    assertEquals(List.of(), linesSince("catalog", before));
  }

  /** Refused before Vert.x could read a request, yet answered like every other refusal. */
  private static void assertUnreadableHeadProblem(RawHttp.Answer answer, String type) {
    assertTrue(answer.raw().startsWith("HTTP/1.1 "), answer.raw());
    assertEquals("application/problem+json", answer.header("content-type"), answer.raw());
    assertEquals("close", answer.header("connection"), answer.raw());
    io.vertx.core.json.JsonObject problem = new io.vertx.core.json.JsonObject(answer.body());
    assertEquals(answer.status(), problem.getInteger("status"));
    assertTrue(problem.getString("type").endsWith(":" + type), problem.encode());
    assertTrue(!problem.getString("detail").isBlank(), problem.encode());
  }

  @Test
  void anOversizedBodyIsRefusedFromItsDeclaredLengthWithoutBeingSentOn() throws Exception {
    long before = gw.stub("orders").behaviour().requests();
    try (RawHttp raw = new RawHttp(gw.port())) {
      raw.write(post("Content-Length: 100000\r\n", "{\"customerId\":"));
      RawHttp.Answer answer = raw.read(3_000);
      assertEquals(413, answer.status(), answer.raw());
      assertTrue(
          answer.millis() < 2_000,
          "refused from the head, not after reading: " + answer.millis() + "ms");
    }
    assertEquals(before, gw.stub("orders").behaviour().requests());
  }

  // ---- slow clients ----

  @Test
  void aClientThatNeverFinishesItsHeadIsCutOffWhileOthersAreServed() throws Exception {
    try (RawHttp slow = new RawHttp(gw.port())) {
      slow.write("GET /items/1 HTTP/1.1\r\nHost: gw\r\n");
      long started = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        slow.write(
            "X-Drip-" + i
                + ": x\r\n"); // bytes keep coming, so an idle limit alone would never fire
        assertEquals(200, gw.get("/items/1").statusCode(), "others are served meanwhile");
        Thread.sleep(100);
      }
      RawHttp.Answer answer = slow.read(5_000);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(answer.closed(), "the slow head's connection is closed");
      assertEquals(0, answer.status(), "no answer to a head that never came: " + answer.raw());
      assertTrue(
          millis >= HEADER_TIMEOUT_MS - 350 && millis < HEADER_TIMEOUT_MS + 2_000,
          "closed after about headerTimeout: " + millis + "ms");
    }
  }

  @Test
  void aBodyThatNeverCompletesGets408AndItsConnectionClosed() throws Exception {
    long before = gw.stub("orders").behaviour().requests();
    try (RawHttp slow = new RawHttp(gw.port())) {
      slow.write(post("Content-Length: " + ORDER.length() + "\r\n", ORDER.substring(0, 10)));
      RawHttp.Answer answer = slow.read(5_000);
      assertEquals(408, answer.status(), answer.raw());
      assertTrue(answer.closed());
      assertEquals(
          "urn:mosaic:problem:body-timeout", new JsonObject(answer.body()).getString("type"));
      assertTrue(
          answer.millis() >= BODY_TIMEOUT_MS - 300,
          "not before bodyTimeout: " + answer.millis() + "ms");
    }
    assertEquals(
        before,
        gw.stub("orders").behaviour().requests(),
        "the half body never reached the service");
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws Exception {
    try (RawHttp client = new RawHttp(gw.port())) {
      client.write("GET /items/1 HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Answer first = client.read(3_000);
      assertEquals(200, first.status());
      assertFalse(first.closed(), "kept alive after the answer");
      long answeredAt = System.nanoTime();
      assertTrue(
          client.closedWithin(KEEP_ALIVE_TIMEOUT_MS + 3_000), "closed when no next request came");
      long waited = (System.nanoTime() - answeredAt) / 1_000_000;
      assertTrue(
          waited >= KEEP_ALIVE_TIMEOUT_MS - 400, "not before keepAliveTimeout: " + waited + "ms");
    }
  }

  // ---- hostile values in templated positions ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "encoded traversal  | /items/..%2F..%2F_control          | /products/..%2F..%2F_control?q=",
        "encoded CRLF       | /items/1%0d%0aX-Evil:%201          | /products/1%0D%0AX-Evil%3A%201?q=",
        "dots and a slash   | /items/%2e%2e%2f_control           | /products/..%2F_control?q=",
        "encoded query      | /items/1%3Fq%3D2%26x%3D3           | /products/1%3Fq%3D2%26x%3D3?q=",
        "query CRLF         | /items/1?q=a%0d%0aX-Evil:%201      | /products/1?q=a%0D%0AX-Evil%3A%201",
        "query ampersand    | /items/1?q=a%26admin%3Dtrue        | /products/1?q=a%26admin%3Dtrue",
        "query hash         | /items/1?q=a%23frag                | /products/1?q=a%23frag",
        "unicode            | /items/%C3%A9%E2%80%AE             | /products/%C3%A9%E2%80%AE?q=",
        "at sign host trick | /items/@evil.example               | /products/%40evil.example?q=",
      })
  void aHostileValueFromTheClientIsEncodedIntoExactlyItsOnePlace(
      String name, String path, String reached) throws Exception {
    int before = lines("catalog");
    RawHttp.Answer answer =
        RawHttp.exchange(gw.port(), "GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    // the stub refuses ids that are not numbers (400, passed on): what matters is what it was asked
    assertTrue(List.of(200, 400, 404).contains(answer.status()), name + ": " + answer.raw());
    assertEquals(
        List.of("GET " + reached),
        linesSince("catalog", before),
        name + ": exactly this reached the service");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"/items/%2e%2e", "/items/%2E", "/items/..", "/items/%2e%2e/"})
  void anEncodedDotSegmentNeverBecomesAServicePath(String path) throws Exception {
    int before = lines("catalog");
    RawHttp.Answer answer =
        RawHttp.exchange(gw.port(), "GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    // vertx-web normalises the decoded dots away (no route: 404); a value of '..' would be a 400
    assertTrue(List.of(400, 404).contains(answer.status()), path + ": " + answer.raw());
    assertEquals(List.of(), linesSince("catalog", before), path + ": nothing reached the service");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CRLF into a header     | /items/1?h=a%0d%0aX-Evil:%201",
        "LF into a header       | /items/1?h=a%0aX-Evil:%201",
        "NUL into a header      | /items/1?h=a%00b",
      })
  void aValueThatCannotBeEncodedSafelyIs400AndNeverSent(String name, String path) throws Exception {
    int before = lines("catalog");
    RawHttp.Answer answer =
        RawHttp.exchange(gw.port(), "GET " + path + " HTTP/1.1\r\nHost: gw\r\n\r\n");
    assertEquals(400, answer.status(), name + ": " + answer.raw());
    assertEquals("application/problem+json", answer.header("content-type"));
    assertEquals(List.of(), linesSince("catalog", before), name + ": nothing reached the service");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "traversal     | 11 | ../../_control          | /users/..%2F..%2F_control",
        "query         | 12 | 1?admin=true            | /users/1%3Fadmin%3Dtrue",
        "absolute URL  | 13 | http://evil.example/x   | /users/http%3A%2F%2Fevil.example%2Fx",
        "CRLF          | 14 | '1\r\nX-Evil: 1'        | /users/1%0D%0AX-Evil%3A%201",
      })
  void aHostileValueFromAServiceIsEncodedIntoItsOnePlace(
      String name, int product, String userId, String reached) throws Exception {
    writeReview(product, new JsonObject().put("userId", userId).put("text", "fine"));
    int before = lines("users");
    HttpResponse<String> response = gw.get("/reviewer/" + product);
    assertTrue(List.of(400, 404).contains(response.statusCode()), name + ": " + response.body());
    assertEquals(
        List.of("GET " + reached),
        linesSince("users", before),
        name + ": exactly this reached users");
  }

  @Test
  void aServiceValueThatCannotBeEncodedSafelyIs502AndTheDependentCallIsNotMade() throws Exception {
    writeReview(15, new JsonObject().put("userId", "..").put("text", "fine"));
    writeReview(16, new JsonObject().put("userId", 1).put("text", "ok\r\nX-Evil: 1"));
    int before = lines("users");
    HttpResponse<String> dots = gw.get("/reviewer/15");
    assertEquals(502, dots.statusCode(), dots.body());
    assertEquals(
        "urn:mosaic:problem:bad-upstream-value", GatewayHarness.json(dots).getString("type"));
    HttpResponse<String> crlf = gw.get("/reviewer-note/16");
    assertEquals(502, crlf.statusCode(), crlf.body());
    assertEquals(
        List.of(), linesSince("users", before), "users was never called with either value");
  }

  private static void writeReview(int product, JsonObject review) throws Exception {
    HttpResponse<String> created =
        gw.send(
            HttpRequest.newBuilder(URI.create(gw.stub("reviews").url() + "/reviews"))
                .header("content-type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        review.put("productId", product).put("rating", 3).encode())));
    assertEquals(201, created.statusCode(), created.body());
  }

  // ---- forwarding and hop-by-hop headers ----

  private static JsonObject lastHeaders(String service) {
    List<JsonObject> all = gw.stub(service).behaviour().recentHeaders();
    return all.get(all.size() - 1);
  }

  @Test
  void aForgedForwardedForFromAnUntrustedPeerIsReplacedByThePeer() throws Exception {
    RawHttp.Answer answer =
        RawHttp.exchange(
            gw.port(),
            "GET /items/1 HTTP/1.1\r\nHost: gw\r\n"
                + "X-Forwarded-For: 10.9.9.9, 1.2.3.4\r\nX-Forwarded-For: not-an-address\r\n\r\n");
    assertEquals(200, answer.status());
    assertEquals(
        "127.0.0.1",
        lastHeaders("catalog").getString("x-forwarded-for"),
        "127.0.0.1 is not a trusted proxy here: the client's chain is dropped whole");
  }

  @Test
  void headersTheClientsConnectionHeaderNamesNeverReachAService() throws Exception {
    RawHttp.Answer named =
        RawHttp.exchange(
            gw.port(),
            "GET /items/1 HTTP/1.1\r\nHost: gw\r\n"
                + "Connection: keep-alive, X-Tag\r\nX-Tag: for-the-gateway-only\r\n\r\n");
    assertEquals(200, named.status(), named.raw());
    assertEquals(
        "",
        lastHeaders("catalog").getString("x-tag", ""),
        "X-Tag was meant for one hop: its value stays");
    RawHttp.Answer plain =
        RawHttp.exchange(gw.port(), "GET /items/1 HTTP/1.1\r\nHost: gw\r\nX-Tag: t1\r\n\r\n");
    assertEquals(200, plain.status());
    assertEquals(
        "t1",
        lastHeaders("catalog").getString("x-tag"),
        "the allowlisted header is forwarded otherwise");
  }

  @Test
  void hopByHopMosaicAndUnlistedClientHeadersNeverReachAService() throws Exception {
    RawHttp.Answer answer =
        RawHttp.exchange(
            gw.port(),
            "GET /items/1 HTTP/1.1\r\nHost: gw\r\n"
                + "Mosaic-Cache: hit\r\nMosaic-Degraded: product\r\nProxy-Authorization: Basic eDp5\r\nTE: trailers\r\n"
                + "Upgrade: h2c\r\nKeep-Alive: timeout=5\r\nCookie: session=1\r\nAuthorization: Bearer t\r\n"
                + "Traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\r\n\r\n");
    assertEquals(200, answer.status(), answer.raw());
    assertNull(
        answer.header("mosaic-degraded"),
        "a client's Mosaic-* header changes nothing in the answer");
    JsonObject reached = lastHeaders("catalog");
    for (String name : reached.fieldNames()) {
      assertFalse(name.startsWith("mosaic-"), "no Mosaic-* header reaches a service: " + reached);
    }
    for (String name :
        List.of("proxy-authorization", "te", "upgrade", "keep-alive", "cookie", "authorization")) {
      assertNull(reached.getString(name), name + " must not reach the service: " + reached);
    }
    assertFalse(
        reached.getString("traceparent", "").contains("b7ad6b7169203331"),
        "the service's parent span is the gateway's, not the client's");
  }

  @Test
  void cleartextHttp2IsNotOfferedByUpgradeOrByPriorKnowledge() throws Exception {
    RawHttp.Answer upgrade =
        RawHttp.exchange(
            gw.port(),
            "GET /items/1 HTTP/1.1\r\nHost: gw\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
    assertEquals(
        200, upgrade.status(), "answered over HTTP/1.1, not switched (101): " + upgrade.raw());
    RawHttp.Answer preface = RawHttp.exchange(gw.port(), "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    assertTrue(
        preface.status() == 0 || preface.status() >= 400,
        "no HTTP/2 without TLS: " + preface.raw());
    assertTrue(preface.closed());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    try (RawHttp client = new RawHttp(gw.port())) {
      client.write(
          "GET /items/1 HTTP/1.1\r\nHost: gw\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: gw\r\n\r\n");
      RawHttp.Answer both = client.read(3_000);
      assertEquals(200, both.status(), both.raw());
      assertEquals(2, both.raw().split("HTTP/1\\.1 200").length - 1, both.raw());
    }
  }

  @Test
  void aFloodOfBadRequestsDoesNotSlowAGoodClient() throws Exception {
    List<CompletableFuture<RawHttp.Answer>> attacks = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attacks.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return RawHttp.exchange(
                      gw.port(),
                      post("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    HttpResponse<String> good = gw.get("/items/1");
    assertEquals(200, good.statusCode());
    for (CompletableFuture<RawHttp.Answer> attack : attacks) {
      assertEquals(400, attack.get().status());
    }
    assertNotNull(good.headers().firstValue("x-request-id").orElse(null));
  }
}
