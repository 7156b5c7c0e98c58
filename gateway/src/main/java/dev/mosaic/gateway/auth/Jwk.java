package dev.mosaic.gateway.auth;

import dev.mosaic.rules.plan.AuthKey;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON Web Keys (RFC 7517) as vertx-auth-jwt takes them: the keys from files are turned into JWKs,
 * and a published key set is filtered down to the signing keys of the trusted algorithms, so every
 * key reaches the library the same way and with exactly one algorithm.
 */
final class Jwk {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Map<String, String> CURVES =
      Map.of("P-256", "ES256", "P-384", "ES384", "P-521", "ES512");
  private static final Set<String> RSA_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

  private Jwk() {}

  static JsonObject of(AuthKey key) {
    JsonObject jwk = new JsonObject().put("alg", key.algorithm()).put("use", "sig");
    if (key instanceof AuthKey.Secret secret) {
      return jwk.put("kty", "oct").put("k", B64URL.encodeToString(secret.bytes()));
    }
    AuthKey.Public pub = (AuthKey.Public) key;
    if (pub.key() instanceof RSAPublicKey rsa) {
      return jwk.put("kty", "RSA")
          .put("n", unsigned(rsa.getModulus(), 0))
          .put("e", unsigned(rsa.getPublicExponent(), 0));
    }
    ECPublicKey ec = (ECPublicKey) pub.key();
    int bits = ec.getParams().getCurve().getField().getFieldSize();
    int size = (bits + 7) / 8;
    return jwk.put("kty", "EC")
        .put("crv", bits == 521 ? "P-521" : "P-" + bits)
        .put("x", unsigned(ec.getW().getAffineX(), size))
        .put("y", unsigned(ec.getW().getAffineY(), size));
  }

  /**
   * The keys of a published set that may verify tokens signed with {@code algorithms}: signing keys
   * only, never a shared secret (an issuer publishing one would let anyone sign). A key without
   * {@code alg} is offered for each trusted algorithm its type fits.
   */
  static List<JsonObject> usable(JsonObject set, List<String> algorithms) {
    List<JsonObject> usable = new ArrayList<>();
    if (!(set.getValue("keys") instanceof io.vertx.core.json.JsonArray keys)) {
      return usable;
    }
    for (Object item : keys) {
      if (!(item instanceof JsonObject key) || !(key.getValue("kty") instanceof String kty)) {
        continue;
      }
      if (key.containsKey("use") && !"sig".equals(key.getValue("use"))) {
        continue;
      }
      for (String algorithm : candidates(key, kty)) {
        if (algorithms.contains(algorithm)) {
          usable.add(key.copy().put("alg", algorithm));
        }
      }
    }
    return usable;
  }

  private static List<String> candidates(JsonObject key, String kty) {
    if (key.getValue("alg") instanceof String alg) {
      return kty.equals("oct") ? List.of() : List.of(alg);
    }
    return switch (kty) {
      case "RSA" -> List.copyOf(RSA_ALGORITHMS);
      case "EC" ->
          key.getValue("crv") instanceof String crv && CURVES.containsKey(crv)
              ? List.of(CURVES.get(crv))
              : List.of();
      default -> List.of();
    };
  }

  /** Big-endian, without the sign byte, left-padded with zeros to {@code size} bytes when given. */
  private static String unsigned(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (size > bytes.length) {
      byte[] padded = new byte[size];
      System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
      bytes = padded;
    }
    return B64URL.encodeToString(bytes);
  }
}
