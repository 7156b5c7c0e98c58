package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A passthrough whose service breaks off mid-body must not look complete to the client: the status
 * is already out, so the gateway has to break the connection. The service here is a raw socket
 * server that sends an answer's head and part of its body, then closes or stalls.
 */
class PassthroughBreakTest {

  private static GatewayHarness gw;
  private static NetServer upstream;
  private static io.vertx.core.Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    vertx = io.vertx.core.Vertx.vertx();
    upstream =
        GatewayHarness.await(
            vertx
                .createNetServer()
                .connectHandler(
                    socket ->
                        socket.handler(
                            request -> {
                              String line = request.toString().split("\r\n")[0];
                              if (line.contains("/short")) { // promises 100 bytes, sends 11, closes
                                socket
                                    .write(
                                        Buffer.buffer(
                                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n"
                                                + "{\"partial\":"))
                                    .onComplete(done -> socket.close());
                              } else if (line.contains(
                                  "/chunked")) { // one chunk, then closes without the last chunk
                                socket
                                    .write(
                                        Buffer.buffer(
                                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                                                + "transfer-encoding: chunked\r\n\r\nb\r\n{\"partial\":\r\n"))
                                    .onComplete(done -> socket.close());
                              } else if (line.contains(
                                  "/stall")) { // head and a few bytes, then nothing
                                socket.write(
                                    Buffer.buffer(
                                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"));
                              } else {
                                socket.write(
                                    Buffer.buffer(
                                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"));
                              }
                            }))
                .listen(0, "127.0.0.1"));
    gw =
        GatewayHarness.start(
            """
        services:
          raw: { urls: ["http://127.0.0.1:%d"], timeout: 400ms }
        endpoints:
          GET /p/{what}:
            calls:
              answer: { service: raw, path: "/${path.what}" }
        """
                .formatted(upstream.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    GatewayHarness.await(upstream.close().compose(v -> vertx.close()));
  }

  @Test
  void aCompleteAnswerStreamsThrough() throws Exception {
    HttpResponse<String> response = gw.get("/p/fine");
    assertEquals(200, response.statusCode());
    assertEquals("{}", response.body());
  }

  @Test
  void aBodyShorterThanItsLengthBreaksTheClientConnection() {
    IOException e = assertThrows(IOException.class, () -> gw.get("/p/short"));
    assertTrue(
        e.getMessage() == null || !e.getMessage().contains("timed out"),
        "closed, not left hanging: " + e);
  }

  @Test
  void aChunkedBodyCutShortIsNotTerminatedCleanly() {
    assertThrows(IOException.class, () -> gw.get("/p/chunked"));
  }

  @Test
  void aStalledBodyIsCutAfterTheIdleLimit() {
    long started = System.nanoTime();
    IOException e = assertThrows(IOException.class, () -> gw.get("/p/stall"));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(
        millis < 5_000,
        "cut after " + millis + "ms (idle limit 400ms), not at the client's timeout: " + e);
  }
}
