package dev.mosaic.rules.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration ("250ms", "2s") and size ("64KB") notations of the config. */
public final class Units {

  private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("([0-9]+)(B|KB|MB|GB)");

  private Units() {}

  /**
   * @return the duration, or null when the text is not one (the caller reports where).
   */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return null;
    }
    double amount = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2)) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }

  /**
   * @return bytes, or -1 when the text is not a size.
   */
  public static long size(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      return -1;
    }
    long amount = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2)) {
          case "B" -> 0;
          case "KB" -> 10;
          case "MB" -> 20;
          default -> 30;
        };
    return amount > (Long.MAX_VALUE >> shift) ? -1 : amount << shift;
  }
}
