package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.SourcePosition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the key files an {@code auth:} names, when the config is compiled, and checks each fits the
 * algorithm it is trusted for: a key that cannot verify its algorithm's signatures (an RSA key for
 * ES256, a 1024-bit RSA key, a short HMAC secret, a private key) is a config error, not a gateway
 * that rejects every token at run time.
 */
final class KeyFiles {

  /** A key file is a few kilobytes; anything larger is not one. */
  private static final long MAX_BYTES = 64 * 1024;

  private static final int MIN_RSA_BITS = 2048;
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  /** ES algorithms → the size of their curve's field in bits (P-256, P-384, P-521). */
  private static final Map<String, Integer> CURVE_BITS =
      Map.of("ES256", 256, "ES384", 384, "ES512", 521);

  /** RFC 7518 §3.2: an HMAC key at least as long as the hash. */
  private static final Map<String, Integer> SECRET_BYTES =
      Map.of("HS256", 32, "HS384", 48, "HS512", 64);

  private KeyFiles() {}

  /**
   * @return the public key for {@code algorithm} (RS*, PS*, ES*), or null after adding a problem
   */
  static AuthKey.Public publicKey(
      Path file, String algorithm, SourcePosition at, Problems problems) {
    String text = read(file, at, problems);
    if (text == null) {
      return null;
    }
    Matcher pem = PEM.matcher(text);
    if (!pem.find()) {
      problems.add(
          at,
          file
              + " is not a PEM file (expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----)");
      return null;
    }
    String type = pem.group(1);
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.group(2));
    } catch (IllegalArgumentException e) {
      problems.add(at, file + ": the PEM body is not valid base64");
      return null;
    }
    PublicKey key;
    try {
      key =
          switch (type) {
            case "PUBLIC KEY" ->
                KeyFactory.getInstance(family(algorithm))
                    .generatePublic(new X509EncodedKeySpec(der));
            case "CERTIFICATE" ->
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))
                    .getPublicKey();
            default -> null;
          };
    } catch (GeneralSecurityException e) {
      problems.add(
          at,
          file
              + ": not "
              + ("RSA".equals(family(algorithm)) ? "an RSA" : "an EC")
              + " public key, as "
              + algorithm
              + " needs");
      return null;
    }
    if (key == null) {
      problems.add(
          at,
          file
              + ": a "
              + type
              + (type.contains("PRIVATE")
                  ? "; the gateway only verifies tokens, so give it"
                      + " only the public key (openssl pkey -in key.pem -pubout)"
                  : "; expected PUBLIC KEY or CERTIFICATE"));
      return null;
    }
    String problem = fits(key, algorithm);
    if (problem != null) {
      problems.add(at, file + ": " + problem);
      return null;
    }
    return new AuthKey.Public(algorithm, key, file.toString());
  }

  /**
   * The file's bytes are the HMAC secret; one trailing line break (editors add one) is not part of
   * it.
   *
   * @return the secret for {@code algorithm} (HS*), or null after adding a problem
   */
  static AuthKey.Secret secret(Path file, String algorithm, SourcePosition at, Problems problems) {
    byte[] bytes = readBytes(file, at, problems);
    if (bytes == null) {
      return null;
    }
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\n') {
      length--;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
    }
    int needed = SECRET_BYTES.get(algorithm);
    if (length < needed) {
      // the length only: the secret itself never goes into a message
      problems.add(
          at,
          file
              + ": "
              + algorithm
              + " needs a secret of at least "
              + needed
              + " bytes, this one has "
              + length);
      return null;
    }
    return new AuthKey.Secret(algorithm, java.util.Arrays.copyOf(bytes, length), file.toString());
  }

  private static String family(String algorithm) {
    return algorithm.startsWith("ES") ? "EC" : "RSA";
  }

  /**
   * @return why {@code key} cannot verify {@code algorithm}'s signatures, or null when it can
   */
  private static String fits(PublicKey key, String algorithm) {
    if (family(algorithm).equals("RSA")) {
      if (!(key instanceof RSAPublicKey rsa)) {
        return "a " + key.getAlgorithm() + " key, but " + algorithm + " needs an RSA key";
      }
      int bits = rsa.getModulus().bitLength();
      return bits < MIN_RSA_BITS
          ? "an RSA key of " + bits + " bits; at least " + MIN_RSA_BITS + " are required"
          : null;
    }
    if (!(key instanceof ECPublicKey ec)) {
      return "a " + key.getAlgorithm() + " key, but " + algorithm + " needs an EC key";
    }
    int bits = ec.getParams().getCurve().getField().getFieldSize();
    int wanted = CURVE_BITS.get(algorithm);
    return bits != wanted
        ? "an EC key on a " + bits + "-bit curve, but " + algorithm + " needs P-" + wanted
        : null;
  }

  private static String read(Path file, SourcePosition at, Problems problems) {
    byte[] bytes = readBytes(file, at, problems);
    return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
  }

  private static byte[] readBytes(Path file, SourcePosition at, Problems problems) {
    try {
      if (!Files.isRegularFile(file)) {
        problems.add(at, "no such file: " + file);
        return null;
      }
      if (Files.size(file) > MAX_BYTES) {
        problems.add(at, file + " is larger than a key file can be (" + MAX_BYTES / 1024 + "KB)");
        return null;
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      problems.add(at, "cannot read " + file + ": " + e.getMessage());
      return null;
    }
  }
}
