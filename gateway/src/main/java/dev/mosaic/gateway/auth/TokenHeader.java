package dev.mosaic.gateway.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS's protected header, read before any key is used: its {@code alg} decides whether
 * the token is even considered, its {@code kid} which key should verify it.
 */
record TokenHeader(String alg, String kid) {

  static TokenHeader of(String token) throws AuthFailure {
    int dot = token.indexOf('.');
    if (dot <= 0
        || token.indexOf('.', dot + 1) < 0
        || token.indexOf('.', token.indexOf('.', dot + 1) + 1) >= 0) {
      throw AuthFailure.invalid("the token is not a signed JWT (header.payload.signature)");
    }
    JsonObject header = decode(token.substring(0, dot));
    if (header == null || !(header.getValue("alg") instanceof String alg)) {
      throw AuthFailure.invalid("the token header is malformed");
    }
    Object kid = header.getValue("kid");
    if (kid != null && !(kid instanceof String)) {
      throw AuthFailure.invalid("the token header is malformed");
    }
    return new TokenHeader(alg, (String) kid);
  }

  /**
   * @return the JSON object a base64url part holds, or null when it holds none
   */
  static JsonObject decode(String part) {
    try {
      return new JsonObject(
          new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }
}
