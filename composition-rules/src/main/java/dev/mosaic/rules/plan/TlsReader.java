package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Reads {@code server.tls} and a service's {@code tls:}: the PEM files they name, relative to the
 * config's directory, read now so a missing or wrong file rejects the config with its line. That a
 * key matches its certificate is checked where the key is loaded (the gateway, at start and
 * reload).
 */
final class TlsReader {

  private TlsReader() {}

  /**
   * @return TLS for the public port, or null when {@code server.tls} is absent or has problems
   */
  static TlsTermination server(ConfigNode.MapNode node, Path directory, Problems problems) {
    if (node == null) {
      return null;
    }
    Fields f = new Fields(node, problems);
    int before = problems.count();
    PemFile cert = certificates(f, "certFile", "server.tls", directory, problems);
    PemFile key = key(f, "keyFile", "server.tls", directory, problems);
    if (problems.count() > before || cert == null || key == null) {
      return null;
    }
    return new TlsTermination(
        cert, key, f.string("minVersion", TlsTermination.DEFAULT_MIN_VERSION), node.position());
  }

  /**
   * @return how calls to the service use TLS, or null when its {@code tls:} is absent
   */
  static ServiceTls service(
      String service, ConfigNode.MapNode node, Path directory, Problems problems) {
    if (node == null) {
      return null;
    }
    Fields f = new Fields(node, problems);
    String where = "services." + service + ".tls";
    PemFile ca =
        f.node("caFile") == null ? null : certificates(f, "caFile", where, directory, problems);
    PemFile cert =
        f.node("certFile") == null ? null : certificates(f, "certFile", where, directory, problems);
    PemFile key = f.node("keyFile") == null ? null : key(f, "keyFile", where, directory, problems);
    if ((f.node("certFile") == null) != (f.node("keyFile") == null)) {
      problems.add(
          node.position(),
          where + ": certFile and keyFile come together (the client certificate and its key)");
    }
    boolean verify = f.bool("verify", true);
    if (!verify && ca != null) {
      problems.add(f.position("verify"), where + ": caFile is never used when verify is false");
    }
    return new ServiceTls(ca, cert, key, verify);
  }

  private static PemFile certificates(
      Fields f, String field, String where, Path directory, Problems problems) {
    PemFile pem = read(f, field, where, directory, problems);
    if (pem == null) {
      return null;
    }
    try {
      var parsed =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.text().getBytes(StandardCharsets.US_ASCII)));
      if (parsed.isEmpty() || !pem.text().contains("-----BEGIN CERTIFICATE-----")) {
        throw new CertificateException("no certificate");
      }
    } catch (CertificateException e) {
      problems.add(
          f.position(field),
          where
              + "."
              + field
              + ": "
              + pem.path()
              + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
      return null;
    }
    return pem;
  }

  private static PemFile key(
      Fields f, String field, String where, Path directory, Problems problems) {
    PemFile pem = read(f, field, where, directory, problems);
    if (pem != null
        && !(pem.text().contains("-----BEGIN ") && pem.text().contains("PRIVATE KEY-----"))) {
      problems.add(
          f.position(field),
          where
              + "."
              + field
              + ": "
              + pem.path()
              + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
      return null;
    }
    return pem;
  }

  private static PemFile read(
      Fields f, String field, String where, Path directory, Problems problems) {
    String text = f.string(field, null);
    if (text == null) {
      return null; // the schema reported a missing or mistyped field
    }
    Path path;
    try {
      path = directory.resolve(text).normalize();
    } catch (InvalidPathException e) {
      problems.add(f.position(field), where + "." + field + ": '" + text + "' is not a path");
      return null;
    }
    try {
      return new PemFile(path.toString(), Files.readString(path, StandardCharsets.US_ASCII));
    } catch (NoSuchFileException e) {
      problems.add(f.position(field), where + "." + field + ": " + path + " does not exist");
    } catch (IOException | RuntimeException e) {
      // a key file's text is never quoted: only the kind of failure
      problems.add(
          f.position(field),
          where
              + "."
              + field
              + ": "
              + path
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    }
    return null;
  }
}
