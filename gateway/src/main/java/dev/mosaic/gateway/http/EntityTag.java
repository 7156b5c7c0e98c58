package dev.mosaic.gateway.http;

import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Strong entity tags over an answer's bytes, and the {@code If-None-Match} test (RFC 9110 §8.8.3,
 * §13.1.2). The tag is the first 128 bits of the body's SHA-256: the same bytes always give the
 * same tag, on every instance, so a client revalidates against any of them.
 */
public final class EntityTag {

  private static final FastThreadLocal<MessageDigest> SHA_256 =
      new FastThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() throws NoSuchAlgorithmException {
          return MessageDigest.getInstance("SHA-256");
        }
      };

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private EntityTag() {}

  /** {@code "<22 base64url characters>"}, quotes included. */
  public static String of(Buffer body) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    digest.update(body.getBytes());
    byte[] hash = digest.digest();
    byte[] half = java.util.Arrays.copyOf(hash, 16);
    return '"' + BASE64URL.encodeToString(half) + '"';
  }

  /**
   * Whether an {@code If-None-Match} value names {@code tag}: {@code *}, or a list in which one
   * entity tag equals it by the weak comparison the header calls for ({@code W/"x"} matches {@code
   * "x"}).
   */
  public static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String value = ifNoneMatch.strip();
    if (value.equals("*")) {
      return true;
    }
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (value.startsWith("W/", i)) {
        i += 2;
      }
      if (i >= value.length() || value.charAt(i) != '"') {
        return false; // not a list of entity tags: nothing matches
      }
      int end = value.indexOf('"', i + 1);
      if (end < 0) {
        return false;
      }
      if (value.regionMatches(i, tag, 0, tag.length()) && end + 1 - i == tag.length()) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }
}
