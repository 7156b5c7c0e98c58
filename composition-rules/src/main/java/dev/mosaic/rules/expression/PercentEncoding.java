package dev.mosaic.rules.expression;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding of one path segment or one query value: every byte outside the
 * unreserved set (ALPHA / DIGIT / "-" / "." / "_" / "~") is encoded, so a value can never add a
 * path segment, a query parameter, a fragment, a user-info or a host.
 */
public final class PercentEncoding {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  public static String encode(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = null;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      if (isUnreserved(b)) {
        if (out != null) {
          out.append((char) b);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(bytes.length * 3);
        for (int j = 0; j < i; j++) {
          out.append((char) bytes[j]);
        }
      }
      out.append('%').append(HEX[b >> 4]).append(HEX[b & 0x0F]);
    }
    return out == null ? value : out.toString();
  }

  /** False when {@code value} holds a lone surrogate, which has no UTF-8 form to encode. */
  static boolean isWellFormed(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
