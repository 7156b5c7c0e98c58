package dev.mosaic.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * A private CA and certificates it signs, made with the openssl command line in a test's folder (a
 * test is skipped with a clear message where openssl is missing). Real PEM files, as an operator
 * would mount them.
 */
final class TestCertificates {

  /** A certificate and its key, as files. */
  record Issued(Path cert, Path key) {}

  private final Path dir;
  private final Path caCert;
  private final Path caKey;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.caCert = dir.resolve("ca.pem");
    this.caKey = dir.resolve("ca.key");
  }

  /** A new CA in {@code dir}. */
  static TestCertificates create(Path dir) throws Exception {
    TestCertificates certificates = new TestCertificates(dir);
    certificates.openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Mosaic Test CA");
    return certificates;
  }

  Path ca() {
    return caCert;
  }

  /**
   * A certificate for {@code names} (DNS names, or IP addresses written as digits and dots) signed
   * by this CA, as {@code <file>.pem} and {@code <file>.key}.
   */
  Issued issue(String file, String... names) throws Exception {
    List<String> alternatives = new ArrayList<>();
    for (String name : names) {
      alternatives.add((name.matches("[0-9.]+") ? "IP:" : "DNS:") + name);
    }
    Path extensions = dir.resolve(file + ".ext");
    Files.writeString(extensions, "subjectAltName=" + String.join(",", alternatives) + "\n");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        file + ".key",
        "-out",
        file + ".csr",
        "-subj",
        "/CN=" + names[0]);
    openssl(
        "x509",
        "-req",
        "-in",
        file + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        file + ".pem",
        "-days",
        "2",
        "-extfile",
        file + ".ext");
    return new Issued(dir.resolve(file + ".pem"), dir.resolve(file + ".key"));
  }

  /** A client context that trusts this CA only. */
  SSLContext clientContext() throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = Files.newInputStream(caCert)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  static X509Certificate read(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process;
    try {
      process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("openssl is not installed: the TLS tests need it to make certificates");
      return;
    }
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
    }
  }
}
