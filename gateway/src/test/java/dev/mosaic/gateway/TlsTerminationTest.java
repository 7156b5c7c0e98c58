package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the public port, over real sockets with a client that trusts the test CA: served, plain
 * HTTP turned away, certificates rotated by a reload without a restart, and a key that does not fit
 * its certificate refused at start and at reload.
 */
class TlsTerminationTest {

  /** %s: extra server.tls keys. Paths are relative to the config's folder. */
  private static final String CONFIG =
      """
      server:
        host: 127.0.0.1
        port: 0
        instances: 2
        adminPort: 0
        watchConfig: false
        tls: { certFile: gw.pem, keyFile: gw.key%s }
      services:
        catalog: { urls: ["{catalog}"] }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}" }
          response: { name: "${product.name}" }
      """;

  @TempDir Path dir;
  private TestCertificates certificates;
  private GatewayHarness gw;

  @BeforeEach
  void certificates() throws Exception {
    certificates = TestCertificates.create(dir);
  }

  @AfterEach
  void close() throws Exception {
    if (gw != null) {
      gw.close();
    }
  }

  /** Puts {@code issued}'s files where the config points. */
  private void install(TestCertificates.Issued cert, TestCertificates.Issued key) throws Exception {
    Files.copy(cert.cert(), dir.resolve("gw.pem"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(key.key(), dir.resolve("gw.key"), StandardCopyOption.REPLACE_EXISTING);
  }

  private void start(String tlsExtra) throws Exception {
    gw = GatewayHarness.startFromFile(CONFIG.formatted(tlsExtra), dir.resolve("mosaic.yaml"));
  }

  /** A new client each time, so each request makes a new connection and handshake. */
  private HttpResponse<String> getOverTls(String... protocols) throws Exception {
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .sslContext(certificates.clientContext());
    if (protocols.length > 0) {
      SSLParameters parameters = new SSLParameters();
      parameters.setProtocols(protocols);
      builder.sslParameters(parameters);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + gw.port() + "/products/4"))
            .timeout(Duration.ofSeconds(10))
            .build();
    return builder.build().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static BigInteger servedSerial(HttpResponse<String> response) throws Exception {
    return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
        .getSerialNumber();
  }

  @Test
  void servesOverTlsAndTurnsPlainHttpAway() throws Exception {
    TestCertificates.Issued first = certificates.issue("first", "127.0.0.1", "localhost");
    install(first, first);
    start("");
    HttpResponse<String> response = getOverTls();
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(TestCertificates.read(first.cert()).getSerialNumber(), servedSerial(response));

    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + "/products/4"))
            .timeout(Duration.ofSeconds(10))
            .build();
    // the TLS handler sees no handshake and closes the connection: an I/O error, not a hang or an
    // answer
    assertThrows(
        IOException.class, () -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
    assertEquals(200, getOverTls().statusCode(), "still serving TLS after the plain request");
  }

  @Test
  void aReloadRotatesTheCertificateWithoutARestart() throws Exception {
    TestCertificates.Issued first = certificates.issue("first", "127.0.0.1");
    install(first, first);
    start("");
    int port = gw.port();
    assertEquals(TestCertificates.read(first.cert()).getSerialNumber(), servedSerial(getOverTls()));

    TestCertificates.Issued second = certificates.issue("second", "127.0.0.1");
    install(second, second);
    HttpResponse<String> reload = gw.admin("POST", "/admin/reload", null);
    assertEquals(200, reload.statusCode(), reload.body());
    JsonObject result = GatewayHarness.json(reload);
    assertEquals("applied", result.getString("result"), reload.body());
    assertTrue(result.getJsonArray("restartRequired").isEmpty(), reload.body());
    HttpResponse<String> response = getOverTls();
    assertEquals(200, response.statusCode());
    assertEquals(TestCertificates.read(second.cert()).getSerialNumber(), servedSerial(response));
    assertEquals(port, gw.port(), "same listener");

    // a key that is not the certificate's is refused; the rotated pair keeps serving
    TestCertificates.Issued third = certificates.issue("third", "127.0.0.1");
    install(third, second);
    reload = gw.admin("POST", "/admin/reload", null);
    assertEquals(422, reload.statusCode(), reload.body());
    assertTrue(reload.body().contains("does not belong to the certificate"), reload.body());
    assertTrue(
        reload.body().contains("mosaic.yaml:7:"), "positioned at server.tls: " + reload.body());
    assertEquals(
        TestCertificates.read(second.cert()).getSerialNumber(), servedSerial(getOverTls()));
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws Exception {
    TestCertificates.Issued first = certificates.issue("first", "127.0.0.1");
    TestCertificates.Issued other = certificates.issue("other", "127.0.0.1");
    install(first, other);
    ExecutionException failed = assertThrows(ExecutionException.class, () -> start(""));
    ConfigException config = (ConfigException) failed.getCause();
    String problem = config.problems().get(0).toString();
    assertTrue(
        problem.contains("mosaic.yaml:7:")
            && problem.contains("gw.key does not belong to the certificate"),
        problem);
  }

  @Test
  void missingFilesAreRejectedWhenTheConfigIsCompiled() throws Exception {
    String problems = assertThrows(ConfigException.class, () -> start("")).getMessage();
    assertTrue(
        problems.contains("server.tls.certFile") && problems.contains("gw.pem does not exist"),
        problems);
    assertTrue(
        problems.contains("server.tls.keyFile") && problems.contains("gw.key does not exist"),
        problems);
  }

  @Test
  void minVersionTurnsOlderProtocolsAway() throws Exception {
    TestCertificates.Issued first = certificates.issue("first", "127.0.0.1");
    install(first, first);
    start(", minVersion: TLSv1.3");
    assertEquals(200, getOverTls("TLSv1.3").statusCode());
    assertThrows(SSLHandshakeException.class, () -> getOverTls("TLSv1.2"));
  }

  @Test
  void turningTlsOnNeedsARestartAndTheReloadSaysSo() throws Exception {
    TestCertificates.Issued first = certificates.issue("first", "127.0.0.1");
    install(first, first);
    String plain =
        CONFIG.formatted("").replace("  tls: { certFile: gw.pem, keyFile: gw.key }\n", "");
    gw = GatewayHarness.startFromFile(plain, dir.resolve("mosaic.yaml"));
    Files.writeString(dir.resolve("mosaic.yaml"), gw.resolve(CONFIG.formatted("")));
    HttpResponse<String> reload = gw.admin("POST", "/admin/reload", null);
    assertEquals(200, reload.statusCode(), reload.body());
    assertTrue(reload.body().contains("server.tls"), reload.body());
    assertEquals(200, gw.get("/products/4").statusCode(), "still plain HTTP until a restart");
    // and a later reload does not try to rotate certificates on a plain listener
    Files.writeString(
        dir.resolve("mosaic.yaml"), gw.resolve(CONFIG.formatted(", minVersion: TLSv1.3")));
    reload = gw.admin("POST", "/admin/reload", null);
    assertEquals("applied", GatewayHarness.json(reload).getString("result"), reload.body());
    assertEquals(200, gw.get("/products/4").statusCode());
  }
}
