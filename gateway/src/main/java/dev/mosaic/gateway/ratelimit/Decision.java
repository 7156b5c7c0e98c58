package dev.mosaic.gateway.ratelimit;

/**
 * What a bucket said about one request, and what the client is told about its budget.
 *
 * @param limit the bucket's size (the burst)
 * @param remaining whole tokens left after this request
 * @param retryAfterNanos for a refused request: when the next token arrives; 0 when allowed
 * @param resetNanos when the bucket is full again
 */
public record Decision(
    boolean allowed, int limit, long remaining, long retryAfterNanos, long resetNanos) {

  /** Whole seconds, rounded up: a client that waits that long finds what was promised. */
  static long seconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999) / 1_000_000_000;
  }

  /**
   * The Retry-After of a refused request: at least one second, as a refusal means there is a wait.
   */
  public long retryAfterSeconds() {
    return Math.max(1, seconds(retryAfterNanos));
  }

  public long resetSeconds() {
    return seconds(resetNanos);
  }
}
