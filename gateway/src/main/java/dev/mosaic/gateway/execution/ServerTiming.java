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
    }
    return header.toString();
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
