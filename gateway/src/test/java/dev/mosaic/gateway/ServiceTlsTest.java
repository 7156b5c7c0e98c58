package dev.mosaic.gateway;

import static dev.mosaic.gateway.ProblemAssertions.call;
import static dev.mosaic.gateway.ProblemAssertions.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.stubs.Behaviour;
import dev.mosaic.stubs.LatencyModel;
import dev.mosaic.stubs.SeedData;
import dev.mosaic.stubs.StubService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls to services over https://: certificates are verified by default, against the JVM's trust
 * store or the service's caFile, host names included, and mutual TLS presents a client certificate.
 * A failed handshake is a precise 502 that says why, never a generic reset.
 */
class ServiceTlsTest {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static TestCertificates certificates;

  /** Its certificate names localhost and 127.0.0.1. */
  private static StubService trusted;

  /** Its certificate, signed by the same CA, names another host. */
  private static StubService wrongName;

  /** Asks for a client certificate from the CA. */
  private static StubService mutual;

  private static TestCertificates.Issued client;
  private GatewayHarness gw;

  @BeforeAll
  static void startStubs() throws Exception {
    certificates = TestCertificates.create(dir);
    TestCertificates.Issued local = certificates.issue("local", "localhost", "127.0.0.1");
    TestCertificates.Issued other = certificates.issue("other", "other.example");
    client = certificates.issue("client", "mosaic-gateway");
    vertx = Vertx.vertx();
    SeedData data = SeedData.generate(7);
    trusted =
        GatewayHarness.await(
            StubService.startTls(vertx, "catalog", behaviour(), data, pem(local), null));
    wrongName =
        GatewayHarness.await(
            StubService.startTls(vertx, "catalog", behaviour(), data, pem(other), null));
    mutual =
        GatewayHarness.await(
            StubService.startTls(
                vertx,
                "catalog",
                behaviour(),
                data,
                pem(local),
                new PemTrustOptions().addCertPath(certificates.ca().toString())));
  }

  private static Behaviour behaviour() {
    return new Behaviour(new LatencyModel.Fixed(0), 0, 7);
  }

  private static PemKeyCertOptions pem(TestCertificates.Issued issued) {
    return new PemKeyCertOptions()
        .setCertPath(issued.cert().toString())
        .setKeyPath(issued.key().toString());
  }

  @AfterAll
  static void stopStubs() throws Exception {
    if (vertx != null) {
      GatewayHarness.await(vertx.close());
    }
  }

  @AfterEach
  void close() throws Exception {
    if (gw != null) {
      gw.close();
    }
  }

  // 5 s: the first handshake of a fresh JVM (mutual TLS too) took over the default 1 s on a loaded
  // machine; a refusal still fails at once
  private HttpResponse<String> get(String url, String tls) throws Exception {
    gw =
        GatewayHarness.start(
            """
        services:
          secure: { urls: ["%s"], timeout: 5s%s }
        endpoints:
          GET /products/{id}:
            calls:
              product: { service: secure, path: "/products/${path.id}" }
            response: { name: "${product.name}" }
        """
                .formatted(url, tls == null ? "" : ", tls: " + tls));
    return gw.get("/products/3");
  }

  private static String url(StubService stub) {
    return "https://localhost:" + stub.port();
  }

  private static void assertTlsFailure(HttpResponse<String> response, String why) {
    JsonObject p = problem(response, 502);
    assertEquals("tls-failed", call(p, "product").getString("outcome"), p.encode());
    assertTrue(p.getString("detail").contains(why), p.encode());
    assertFalse(
        p.encode().contains("127.0.0.1") || p.encode().contains("localhost"),
        "no address in " + p.encode());
  }

  @Test
  void aPrivateCaIsNotTrustedWithoutCaFile() throws Exception {
    assertTlsFailure(get(url(trusted), null), "certificate is not trusted");
    assertEquals(0, trusted.behaviour().requests(), "nothing was sent to an unverified service");
  }

  @Test
  void caFileTrustsThePrivateCa() throws Exception {
    HttpResponse<String> response = get(url(trusted), "{ caFile: \"" + certificates.ca() + "\" }");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(GatewayHarness.json(response).getString("name").length() > 0, response.body());
  }

  @Test
  void aCertificateForAnotherHostFailsVerification() throws Exception {
    assertTlsFailure(
        get(url(wrongName), "{ caFile: \"" + certificates.ca() + "\" }"), "names another host");
  }

  @Test
  void verifyFalseAcceptsAnyCertificate() throws Exception {
    HttpResponse<String> response = get(url(wrongName), "{ verify: false }");
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() throws Exception {
    HttpResponse<String> response =
        get(
            url(mutual),
            "{ caFile: \"%s\", certFile: \"%s\", keyFile: \"%s\" }"
                .formatted(certificates.ca(), client.cert(), client.key()));
    assertEquals(200, response.statusCode(), response.body());
  }

  @Test
  void withoutAClientCertificateAMutualTlsServiceRefusesTheCall() throws Exception {
    JsonObject p = problem(get(url(mutual), "{ caFile: \"" + certificates.ca() + "\" }"), 502);
    String outcome = call(p, "product").getString("outcome");
    // TLS 1.3 sends the server's refusal after the client's handshake ends: seen as a TLS alert or
    // a reset
    assertTrue(outcome.equals("tls-failed") || outcome.equals("reset"), p.encode());
  }
}
