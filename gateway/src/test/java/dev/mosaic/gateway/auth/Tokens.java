package dev.mosaic.gateway.auth;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds JWTs by hand for tests, so a token can be wrong in exactly one way. */
public final class Tokens {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  public static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** Claims valid for the next ten minutes. */
  public static JsonObject claims(String issuer, String audience, String subject) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject()
        .put("iss", issuer)
        .put("aud", audience)
        .put("sub", subject)
        .put("iat", now)
        .put("exp", now + 600);
  }

  public static String rs256(PrivateKey key, String kid, JsonObject claims) throws Exception {
    JsonObject header = new JsonObject().put("alg", "RS256").put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    String signingInput = part(header) + "." + part(claims);
    Signature signature = Signature.getInstance("SHA256withRSA");
    signature.initSign(key);
    signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + B64URL.encodeToString(signature.sign());
  }

  /**
   * HS256 with {@code secret} as the HMAC key: with a public key's PEM, the algorithm-confusion
   * attack.
   */
  public static String hs256(byte[] secret, JsonObject claims) throws Exception {
    String signingInput =
        part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + part(claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return signingInput
        + "."
        + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  /** An unsecured JWT: {@code alg: none} and an empty signature. */
  public static String unsigned(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
  }

  private static String part(JsonObject json) {
    return B64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
