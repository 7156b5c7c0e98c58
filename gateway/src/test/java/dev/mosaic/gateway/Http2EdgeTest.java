package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code server.http2: true} (and TLS) a client that offers h2 by ALPN speaks HTTP/2; the
 * stream limit is what the gateway announces, and the head timeout meant for HTTP/1 slow clients
 * never cuts a multiplexed connection that is in use.
 */
class Http2EdgeTest {

  private static GatewayHarness gw;
  private static Vertx vertx;
  private static HttpClient h2;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("mosaic-h2");
    TestCertificates certificates = TestCertificates.create(dir);
    TestCertificates.Issued cert = certificates.issue("gw", "127.0.0.1", "localhost");
    gw =
        GatewayHarness.start(
            """
        server:
          host: 127.0.0.1
          port: 0
          instances: 1
          http2: true
          tls: { certFile: "%s", keyFile: "%s" }
          limits: { headerTimeout: 300ms, keepAliveTimeout: 300ms, maxConcurrentStreams: 7 }
        services:
          catalog: { urls: ["{catalog}"] }
        endpoints:
          GET /items/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}" }
            response: { name: "${product.name}" }
        """
                .formatted(cert.cert().toAbsolutePath(), cert.key().toAbsolutePath()));
    vertx = Vertx.vertx();
    h2 =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setSsl(true)
                .setUseAlpn(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(certificates.ca().toString()))
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(gw.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      GatewayHarness.await(vertx.close());
    }
    if (gw != null) {
      gw.close();
    }
  }

  /** The answer, its body read on the client's loop as it arrives. */
  private record Answer(HttpClientResponse response, Buffer body) {}

  private static Answer get(String path) throws Exception {
    return GatewayHarness.await(
        h2.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path))
            .compose(request -> request.send())
            .compose(response -> response.body().map(body -> new Answer(response, body))));
  }

  @Test
  void http2ByAlpnIsServedWithTheConfiguredStreamLimitAndOutlivesTheHeadTimeout() throws Exception {
    Answer first = get("/items/1");
    assertEquals(200, first.response().statusCode());
    assertEquals(HttpVersion.HTTP_2, first.response().version());
    assertEquals("{\"name\":\"Smart Camera\"}", first.body().toString());
    HttpConnection connection = first.response().request().connection();
    assertEquals(7, connection.remoteSettings().getMaxConcurrentStreams());
    // several head timeouts pass while the connection is in use: streams keep it
    for (int i = 0; i < 8; i++) {
      Answer next = get("/items/" + (i + 2));
      assertEquals(200, next.response().statusCode());
      assertSame(
          connection, next.response().request().connection(), "the same multiplexed connection");
      Thread.sleep(100);
    }
  }
}
