package dev.mosaic.gateway.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.GatewayProcess;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.logFormat: json} on a gateway process: every operational line on stderr is one JSON
 * object, and a line logged while serving a request carries that request's trace id and request id
 * (the {@code x-request-id} it answered), never another request's.
 */
class JsonLogsTest {

  private static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
  private static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path dir;
  private HttpServer catalog;
  private GatewayProcess process;

  @BeforeEach
  void start() throws Exception {
    catalog = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    catalog.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"name\":\"not a number\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("content-type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    catalog.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.close();
    }
    catalog.stop(0);
  }

  private HttpResponse<String> get(String path, String traceId) throws Exception {
    return process
        .client()
        .send(
            HttpRequest.newBuilder(process.uri(path))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void operationalLinesAreJsonAndCarryTheirRequestsIds() throws Exception {
    process =
        GatewayProcess.start(
            """
            server: { host: 127.0.0.1, port: {port}, instances: 1, logFormat: json }
            services:
              catalog: { urls: ["http://127.0.0.1:%d"], timeout: 2s }
            endpoints:
              GET /p/{id}:
                calls:
                  product: { service: catalog, path: "/products/${path.id}" }
                # fails as it is shaped: the name is not a number, so the gateway logs a warning
                response: { price: "${$number(product.name)}" }
            """
                .formatted(catalog.getAddress().getPort()),
            dir);

    HttpResponse<String> first = get("/p/1", TRACE_A);
    HttpResponse<String> second = get("/p/2", TRACE_B);
    assertEquals(500, first.statusCode(), first.body());
    assertEquals(500, second.statusCode(), second.body());
    String firstId = first.headers().firstValue("x-request-id").orElseThrow();
    String secondId = second.headers().firstValue("x-request-id").orElseThrow();

    GatewayHarness.eventually(
        Duration.ofSeconds(10), "both warnings are written", () -> warnings().size() == 2);
    List<JsonObject> warnings = warnings();
    assertEquals(TRACE_A, warnings.get(0).getJsonObject("mdc").getString("trace_id"));
    assertEquals(firstId, warnings.get(0).getJsonObject("mdc").getString("request_id"));
    assertEquals(TRACE_B, warnings.get(1).getJsonObject("mdc").getString("trace_id"));
    assertEquals(secondId, warnings.get(1).getJsonObject("mdc").getString("request_id"));
    assertEquals("WARN", warnings.get(0).getString("level"));
    assertTrue(
        warnings.get(0).getString("formattedMessage").contains("request " + firstId),
        warnings.get(0).encode());

    JsonObject serving =
        lines().stream()
            .filter(line -> line.getString("formattedMessage", "").startsWith("Mosaic serving"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no start line: " + process.output()));
    assertFalse(serving.encode().contains("request_id"), "a line logged for no request names none");
  }

  private List<JsonObject> warnings() {
    return lines().stream()
        .filter(line -> line.getString("formattedMessage", "").contains("template failed"))
        .toList();
  }

  /** Every operational line, each of which must be a JSON object. */
  private List<JsonObject> lines() {
    List<JsonObject> objects = new ArrayList<>();
    for (String line : process.output().lines().toList()) {
      // Logback's own status lines (printed while it configures itself, before the config is
      // read: the test classpath holds two logback.xml) are not the gateway's logs
      if (line.isBlank()
          || line.matches("(public|admin|health) +https?://.*")
          || line.matches("\\d\\d:\\d\\d:\\d\\d,\\d+ \\|-.*")) {
        continue;
      }
      try {
        JsonObject object = new JsonObject(line);
        assertTrue(object.containsKey("level") && object.containsKey("loggerName"), line);
        objects.add(object);
      } catch (DecodeException e) {
        throw new AssertionError("not a JSON line: " + line, e);
      }
    }
    return objects;
  }
}
