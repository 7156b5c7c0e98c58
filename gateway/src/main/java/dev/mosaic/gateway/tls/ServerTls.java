package dev.mosaic.gateway.tls;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import dev.mosaic.rules.plan.TlsTermination;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * TLS on the public port: the socket options built from {@code server.tls}, and the check that its
 * key loads and belongs to its certificate. The check runs before the server listens and before a
 * reload swaps certificates in, so a wrong pair is a rejected config, not a port where every
 * handshake fails.
 */
public final class ServerTls {

  private ServerTls() {}

  /**
   * The options a server listens with, and a reload updates it to. From the text read at compile
   * time.
   */
  public static ServerSSLOptions options(TlsTermination tls) {
    return new ServerSSLOptions()
        .setKeyCertOptions(keyCert(tls))
        .setEnabledSecureTransportProtocols(tls.protocols());
  }

  public static PemKeyCertOptions keyCert(TlsTermination tls) {
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(tls.cert().text().getBytes(StandardCharsets.US_ASCII)))
        .setKeyValue(Buffer.buffer(tls.key().text().getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Loads the key and certificate as the server will and checks that they belong together and the
   * certificate is valid now. Blocking (key parsing, a signature): a worker thread only.
   *
   * @throws ConfigException positioned at {@code server.tls}
   */
  public static void check(Vertx vertx, TlsTermination tls) throws ConfigException {
    PemKeyCertOptions pem = keyCert(tls);
    PrivateKey key;
    X509Certificate certificate;
    try {
      KeyManagerFactory factory = pem.getKeyManagerFactory(vertx);
      KeyStore store = pem.loadKeyStore(vertx);
      X509KeyManager manager = x509(factory.getKeyManagers());
      String alias = Collections.list(store.aliases()).get(0);
      key = manager.getPrivateKey(alias);
      X509Certificate[] chain = manager.getCertificateChain(alias);
      certificate = chain[0];
    } catch (Exception e) {
      throw rejected(
          tls,
          "the key "
              + tls.key()
              + " or certificate "
              + tls.cert()
              + " cannot be loaded ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
              + ")");
    }
    if (!belongTogether(key, certificate)) {
      throw rejected(
          tls, "the key " + tls.key() + " does not belong to the certificate " + tls.cert());
    }
    try {
      certificate.checkValidity();
    } catch (CertificateExpiredException e) {
      throw rejected(
          tls,
          "the certificate " + tls.cert() + " expired on " + certificate.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw rejected(
          tls,
          "the certificate "
              + tls.cert()
              + " is valid only from "
              + certificate.getNotBefore().toInstant());
    }
  }

  /** Signs with the key and verifies with the certificate: works for RSA, EC and EdDSA alike. */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return true; // a key type this check does not know: the handshake is the judge
    }
    try {
      byte[] probe = "mosaic key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (java.security.GeneralSecurityException e) {
      return false; // a key of another type than the certificate's cannot even be used to verify
    }
  }

  private static X509KeyManager x509(KeyManager[] managers) {
    for (KeyManager manager : managers) {
      if (manager instanceof X509KeyManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X.509 key manager");
  }

  private static ConfigException rejected(TlsTermination tls, String message) {
    return new ConfigException(
        List.of(new ConfigProblem(tls.position(), "server.tls: " + message)));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
