package dev.mosaic.bench.load;

/**
 * Every request of one open-loop run ({@link OpenLoopLoad#trace}), in the order they were due.
 * Times are {@link System#nanoTime()} values of the generator's JVM, so events the runner notes
 * during the run (a stub hung, say) can be placed among the requests.
 *
 * @param start when request 0 was due
 * @param dues when each request was due
 * @param latencies from due time to the complete answer, or -1 when it failed (see {@code errors})
 * @param statuses the HTTP status, 0 when there was no answer
 * @param headers the requested response header, null when absent or unanswered
 * @param errors null for a success (status below 400), else the kind: http-5xx, http-4xx, timeout,
 *     connect, reset, other, unfinished
 */
@SuppressWarnings("ArrayRecordComponent") // a run's samples, read by index and never compared
public record Trace(
    int rate,
    long start,
    long[] dues,
    long[] latencies,
    int[] statuses,
    String[] headers,
    String[] errors) {

  public int size() {
    return dues.length;
  }

  public boolean ok(int i) {
    return errors[i] == null;
  }
}
