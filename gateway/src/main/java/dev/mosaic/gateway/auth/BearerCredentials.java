package dev.mosaic.gateway.auth;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Takes the one bearer token out of a request's {@code Authorization} header, or says why it
 * cannot.
 */
final class BearerCredentials {

  /** RFC 6750 §2.1's b64token; a JWT is three base64url parts joined by dots, which fits. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  /** Tokens are a few kilobytes at most; longer ones are not parsed. */
  static final int MAX_LENGTH = 16 * 1024;

  private BearerCredentials() {}

  static String from(MultiMap headers) throws AuthFailure {
    List<String> values = headers.getAll("authorization");
    if (values.isEmpty()) {
      throw AuthFailure.missing("this endpoint needs Authorization: Bearer <token>");
    }
    if (values.size() > 1) {
      // two credentials: which one a proxy or a service would believe is anyone's guess
      throw AuthFailure.badRequest("more than one Authorization header");
    }
    String value = values.get(0).trim();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    if (!scheme.equalsIgnoreCase("Bearer")) {
      throw AuthFailure.missing("this endpoint needs Authorization: Bearer <token>");
    }
    String token = space < 0 ? "" : value.substring(space + 1).trim();
    if (token.isEmpty() || token.length() > MAX_LENGTH || !TOKEN.matcher(token).matches()) {
      throw AuthFailure.badRequest("the Authorization header must be Bearer and one token");
    }
    return token;
  }
}
