package dev.mosaic.gateway.execution;

import java.util.List;
import java.util.Locale;

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
      header.append(call.call().name())
          .append(";desc=\"").append(call.label()).append('"')
          .append(";dur=").append(String.format(Locale.ROOT, "%.2f", call.millis()));
    }
    return header.toString();
  }

  /** A single entry, for a passthrough call. */
  public static String single(String name, String label, double millis) {
    return name + ";desc=\"" + label + "\";dur=" + String.format(Locale.ROOT, "%.2f", millis);
  }
}
