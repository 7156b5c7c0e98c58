package dev.mosaic.bench.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code wrk --latency} run as wrk printed it. Closed-loop: req/s is capacity, and its latency
 * figures suffer coordinated omission, so they are logged for a look and never reported as latency.
 *
 * @param requests answers wrk read, whatever their status
 * @param seconds how long wrk ran
 * @param requestsPerSecond wrk's own Requests/sec (requests ÷ seconds)
 * @param non2xx answers with a status other than 2xx or 3xx
 * @param socketErrors connect, read, write and timeout errors together
 */
public record WrkResult(
    long requests,
    double seconds,
    double requestsPerSecond,
    long non2xx,
    long socketErrors,
    double p50Millis,
    double p99Millis) {

  private static final String TIME = "([0-9.]+)(us|ms|s|m|h)";
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in " + TIME);
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern P50 = Pattern.compile("(?m)^\\s+50(?:\\.0+)?%\\s+" + TIME);
  private static final Pattern P99 = Pattern.compile("(?m)^\\s+99(?:\\.0+)?%\\s+" + TIME);

  /** Every request that did not get a 2xx or 3xx answer. */
  public long errors() {
    return non2xx + socketErrors;
  }

  /**
   * Reads wrk's report. The error lines appear only when there were errors; the latency
   * distribution only with {@code --latency} (NaN without it).
   *
   * @throws IllegalArgumentException when the output has no request count or rate (wrk failed)
   */
  public static WrkResult parse(String output) {
    Matcher requests = REQUESTS.matcher(output);
    Matcher rate = RATE.matcher(output);
    if (!requests.find() || !rate.find()) {
      throw new IllegalArgumentException("not the report of a wrk run:\n" + output);
    }
    long socketErrors = 0;
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int group = 1; group <= 4; group++) {
        socketErrors += Long.parseLong(socket.group(group));
      }
    }
    Matcher non2xx = NON_2XX.matcher(output);
    return new WrkResult(
        Long.parseLong(requests.group(1)),
        seconds(requests.group(2), requests.group(3)),
        Double.parseDouble(rate.group(1)),
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0,
        socketErrors,
        millis(P50, output),
        millis(P99, output));
  }

  private static double millis(Pattern percentile, String output) {
    Matcher m = percentile.matcher(output);
    return m.find() ? seconds(m.group(1), m.group(2)) * 1000 : Double.NaN;
  }

  /** wrk prints times as 412.00us, 2.05s, 1.00m. */
  private static double seconds(String amount, String unit) {
    double value = Double.parseDouble(amount);
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "us" -> value / 1e6;
      case "ms" -> value / 1e3;
      case "s" -> value;
      case "m" -> value * 60;
      case "h" -> value * 3600;
      default -> throw new IllegalArgumentException("unknown time unit " + unit);
    };
  }
}
