package dev.mosaic.gateway.tracing;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C trace context of one client request (https://www.w3.org/TR/trace-context/) and the
 * gateway's own span in it. A valid incoming {@code traceparent} is continued: same trace id, the
 * gateway's span as the parent of every call. Anything else (absent, malformed, repeated, a
 * forbidden all-zero id, version ff) starts a new trace, and the incoming header is dropped, never
 * forwarded as it came; {@code tracestate} travels only with a traceparent it belongs to.
 *
 * @param traceId 32 lower-case hex digits
 * @param spanId the gateway's span, 16 lower-case hex digits; also the request id in logs and
 *     problem details
 * @param sampled the caller's sampled flag (a new trace is sampled by {@code
 *     server.tracing.sampleRatio}, by default always)
 * @param state the incoming tracestate, or null
 */
public record TraceContext(String traceId, String spanId, boolean sampled, String state) {

  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  private static final CharSequence TRACEPARENT_NAME =
      io.vertx.core.http.HttpHeaders.createOptimized(TRACEPARENT);
  private static final int MAX_STATE_LENGTH = 512;

  /**
   * Continues the client's trace when its headers carry a valid one; starts a new one otherwise,
   * always sampled.
   */
  public static TraceContext from(MultiMap headers) {
    return from(headers, 1.0);
  }

  /**
   * Continues the client's trace, sampled as the client said, when its headers carry a valid one;
   * starts a new one otherwise, sampled with probability {@code sampleRatio} (decided from the
   * trace id as OpenTelemetry's TraceIdRatioBased sampler does, so the export agrees).
   */
  public static TraceContext from(MultiMap headers, double sampleRatio) {
    String spanId = newSpanId();
    String parent = continued(headers);
    if (parent == null) {
      String traceId = newTraceId();
      return new TraceContext(traceId, spanId, sampled(traceId, sampleRatio), null);
    }
    return new TraceContext(
        parent.substring(3, 35),
        spanId,
        (hex(parent.charAt(54)) & 1) == 1,
        state(headers.getAll(TRACESTATE)));
  }

  /** The client's one valid traceparent, trimmed, or null. */
  static String continued(MultiMap headers) {
    if (headers.get(TRACEPARENT_NAME)
        == null) { // the common case: no list built for an absent header
      return null;
    }
    List<String> parents = headers.getAll(TRACEPARENT_NAME);
    if (parents.size() == 1) {
      String parent = parents.get(0).trim();
      if (valid(parent)) {
        return parent;
      }
    }
    return null;
  }

  /**
   * OpenTelemetry's TraceIdRatioBased rule: the trace id's last 16 hex digits, as a long, below
   * ratio × Long.MAX_VALUE in absolute value.
   */
  static boolean sampled(String traceId, double ratio) {
    if (ratio >= 1.0) {
      return true;
    }
    if (ratio <= 0.0) {
      return false;
    }
    long bound = (long) (ratio * Long.MAX_VALUE);
    return Math.abs(Long.parseUnsignedLong(traceId.substring(16), 16)) < bound;
  }

  /** A new trace, for a request that must not continue any the client sent. */
  public static TraceContext fresh() {
    return new TraceContext(newTraceId(), newSpanId(), true, null);
  }

  /** The traceparent a call sends: this trace, with the gateway's span as its parent. */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
  }

  /** Sets traceparent (and tracestate when there is one) on a call's headers. */
  public void propagateTo(MultiMap headers) {
    headers.set(TRACEPARENT, traceparent());
    if (state != null) {
      headers.set(TRACESTATE, state);
    } else {
      headers.remove(TRACESTATE);
    }
  }

  /**
   * Version 00 is exactly {@code 00-<32 hex>-<16 hex>-<2 hex>}; a later version may append {@code
   * -...} and is read as 00 (the spec's forward compatibility); ff is invalid.
   */
  static boolean valid(String header) {
    int length = header.length();
    if (length < 55 || (length > 55 && (header.startsWith("00") || header.charAt(55) != '-'))) {
      return false;
    }
    if (!lowerHex(header, 0, 2)
        || header.startsWith("ff")
        || header.charAt(2) != '-'
        || header.charAt(35) != '-'
        || header.charAt(52) != '-') {
      return false;
    }
    return lowerHex(header, 3, 35)
        && lowerHex(header, 36, 52)
        && lowerHex(header, 53, 55)
        && !zeros(header, 3, 35)
        && !zeros(header, 36, 52);
  }

  /** Several tracestate headers are one list; an oversized or unprintable one is dropped. */
  static String state(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    String joined = String.join(",", values).trim();
    if (joined.isEmpty() || joined.length() > MAX_STATE_LENGTH) {
      return null;
    }
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return null;
      }
    }
    return joined;
  }

  private static boolean lowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  static String newTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    byte[] digits = new byte[32];
    hex(high, digits, 0);
    hex(low, digits, 16);
    return new String(
        digits, java.nio.charset.StandardCharsets.ISO_8859_1); // a plain copy, no encoder
  }

  static String newSpanId() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    byte[] digits = new byte[16];
    hex(id, digits, 0);
    return new String(digits, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** 16 lower-case hex digits of {@code value}, zero-padded, written at {@code at}. */
  private static void hex(long value, byte[] into, int at) {
    for (int i = 15; i >= 0; i--) {
      into[at + i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
  }
}
