package dev.mosaic.stubs;

/**
 * Durations as the config and the control API write them: "250ms", "2s", "0", or a number of ms.
 */
final class Durations {

  private Durations() {}

  /** Milliseconds, fractions kept (a lognormal median of "2.5ms" is meaningful). */
  static double millis(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    String text = String.valueOf(value).trim();
    if (text.endsWith("ms")) {
      return Double.parseDouble(text.substring(0, text.length() - 2));
    }
    if (text.endsWith("s")) {
      return Double.parseDouble(text.substring(0, text.length() - 1)) * 1000;
    }
    return Double.parseDouble(text);
  }

  /**
   * Whole milliseconds of a setting that must be given and at least {@code min}; {@code what} names
   * it in the error.
   */
  static long wholeMillis(Object value, String what, long min) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is required, e.g. \"250ms\" or \"2s\"");
    }
    long millis;
    try {
      millis = Math.round(millis(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a duration: " + value);
    }
    if (millis < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + "ms, got " + value);
    }
    return millis;
  }
}
