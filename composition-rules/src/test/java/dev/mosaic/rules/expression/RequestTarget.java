package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A rendered request target read back the way a server reads it, to judge what a template made.
 * Shared with the gateway's fuzz tests through this module's test-jar.
 */
public final class RequestTarget {

  /**
   * RFC 3986 unreserved, sub-delims, ':' '@' '/' '?' and '%' (escapes only): what a path and query
   * may hold.
   */
  private static final String ALLOWED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?%";

  private static final String HEX = "0123456789ABCDEFabcdef";

  private RequestTarget() {}

  /**
   * No space, CR, LF, '#', '\', non-ASCII or stray '%': nothing a server or proxy could read two
   * ways.
   */
  public static void assertWellFormed(String target) {
    assertTrue(target.startsWith("/"), target);
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (ALLOWED.indexOf(c) < 0) {
        fail("character U+" + Integer.toHexString(c) + " at " + i + " in " + target);
      }
      if (c == '%'
          && (i + 2 >= target.length()
              || HEX.indexOf(target.charAt(i + 1)) < 0
              || HEX.indexOf(target.charAt(i + 2)) < 0)) {
        fail("'%' without two hex digits at " + i + " in " + target);
      }
    }
    for (String segment : segments(target)) {
      String decoded = decode(segment);
      assertTrue(
          !segment.isEmpty() && !decoded.equals(".") && !decoded.equals(".."),
          "empty or dot segment in " + target);
    }
  }

  /** The raw path segments, without the leading empty one. */
  public static List<String> segments(String target) {
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    List<String> segments = new ArrayList<>(List.of(path.substring(1).split("/", -1)));
    return segments;
  }

  /** The raw query's name=value pairs, in order; an empty list when there is no query. */
  public static List<String[]> query(String target) {
    int question = target.indexOf('?');
    List<String[]> pairs = new ArrayList<>();
    if (question < 0) {
      return pairs;
    }
    for (String pair : target.substring(question + 1).split("&", -1)) {
      int equals = pair.indexOf('=');
      assertTrue(equals > 0, "query pair without a name in " + target);
      pairs.add(new String[] {pair.substring(0, equals), pair.substring(equals + 1)});
    }
    return pairs;
  }

  /** The raw value of query parameter {@code name}, which must appear exactly once. */
  public static String param(String target, String name) {
    String found = null;
    for (String[] pair : query(target)) {
      if (pair[0].equals(name)) {
        assertEquals(null, found, "parameter " + name + " twice in " + target);
        found = pair[1];
      }
    }
    assertTrue(found != null, "no parameter " + name + " in " + target);
    return found;
  }

  /** Strict percent-decoding to UTF-8 text: a malformed escape or byte sequence fails. */
  public static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("not UTF-8 once decoded: " + raw, e);
    }
  }

  /** Text with everything outside printable ASCII escaped: reports must survive any value. */
  public static String show(Object value) {
    StringBuilder out = new StringBuilder();
    for (char c : String.valueOf(value).toCharArray()) {
      out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
    }
    return out.toString();
  }
}
