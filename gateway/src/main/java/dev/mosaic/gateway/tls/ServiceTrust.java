package dev.mosaic.gateway.tls;

import dev.mosaic.rules.plan.PemFile;
import dev.mosaic.rules.plan.ServiceTls;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;

/**
 * How a service's client checks https:// instances. Verification is on unless the config turns it
 * off: the certificate must chain to the JVM's trust store, or with a caFile to those certificates
 * only (a private CA is then the only one that can vouch for the service), and must name the host
 * the URL names. certFile and keyFile are presented for mutual TLS.
 */
public final class ServiceTrust {

  private ServiceTrust() {}

  /**
   * @param https whether any instance of the service is https: a plain service's client is left
   *     without SSL options, which Vert.x would otherwise hash into every request's pool key
   */
  public static HttpClientOptions apply(HttpClientOptions options, ServiceTls tls, boolean https) {
    if (!https) {
      return options;
    }
    options.setVerifyHost(true).setTrustAll(false);
    if (tls == null) {
      return options;
    }
    if (!tls.verify()) {
      return options.setTrustAll(true).setVerifyHost(false);
    }
    if (tls.ca() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertValue(buffer(tls.ca())));
    }
    if (tls.cert() != null && tls.key() != null) {
      options.setKeyCertOptions(
          new PemKeyCertOptions().setCertValue(buffer(tls.cert())).setKeyValue(buffer(tls.key())));
    }
    return options;
  }

  private static Buffer buffer(PemFile pem) {
    return Buffer.buffer(pem.text().getBytes(StandardCharsets.US_ASCII));
  }
}
