package dev.mosaic.gateway.execution;

import java.util.List;

/**
 * The {@code Server-Timing} header: one entry per call, in declared order, with its duration and
 * outcome, so browser devtools show the waterfall of a composed answer.
 */
public final class ServerTiming {

  private ServerTiming() {}

  public static String of(List<CallRecord> calls) {
    StringBuilder header = new StringBuilder();
    for (CallRecord call : calls) {
      if (header.length() > 0) {
        header.append(", ");
      }
      entry(header, call.call().name(), call.label(), call.millis());
      if (call.cache() != null) {
        header.append(";cache=").append(call.cache().state().label());
      }
    }
    return header.toString();
  }

  /**
   * The {@code Mosaic-Cache} value of a composed answer: bypass when no call is cached, else the
   * least fresh of the cached calls (miss, then stale, then hit).
   */
  public static String cacheOf(List<CallRecord> calls) {
    dev.mosaic.gateway.http.CacheUse worst = null;
    for (CallRecord call : calls) {
      worst = dev.mosaic.gateway.http.CacheUse.worse(worst, call.cache());
    }
    return worst == null ? "bypass" : worst.state().label();
  }

  /**
   * The {@code Age} of a composed answer built only from cached calls: the oldest one's, else -1.
   */
  public static long ageOf(List<CallRecord> calls) {
    long age = -1;
    for (CallRecord call : calls) {
      if (call.cache() == null) {
        return -1; // a live call: the answer as a whole is not from the cache
      }
      if (call.cache().state() == dev.mosaic.gateway.http.CacheUse.State.MISS) {
        return -1;
      }
      age = Math.max(age, call.cache().ageSeconds());
    }
    return age;
  }

  /** A single entry, for a passthrough call. */
  public static String single(String name, String label, double millis) {
    return entry(new StringBuilder(48), name, label, millis).toString();
  }

  private static StringBuilder entry(StringBuilder out, String name, String label, double millis) {
    out.append(name).append(";desc=\"").append(label).append("\";dur=");
    // two decimals by hand: String.format builds locale symbols on every call, which showed up
    // in the gateway's CPU profile at fan-out 16
    long hundredths = Math.max(0, Math.round(millis * 100));
    out.append(hundredths / 100).append('.');
    long fraction = hundredths % 100;
    if (fraction < 10) {
      out.append('0');
    }
    return out.append(fraction);
  }
}
