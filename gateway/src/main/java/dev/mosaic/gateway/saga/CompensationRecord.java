package dev.mosaic.gateway.saga;

/**
 * How one compensation ended.
 *
 * @param outcome {@code done}, or {@code failed} once its attempts ran out (or its service refused
 *     it with a 4xx: trying again would not change that)
 * @param attempts how many times it was sent
 * @param status the service's last status, else 0
 * @param detail why it failed, or null
 * @param nanos from its first attempt to its end, backoffs included (0 when not timed here: it was
 *     done before a takeover)
 */
public record CompensationRecord(
    String step, String outcome, int attempts, int status, String detail, long nanos) {

  public CompensationRecord(String step, String outcome, int attempts, int status, String detail) {
    this(step, outcome, attempts, status, detail, 0);
  }

  CompensationRecord took(long elapsedNanos) {
    return new CompensationRecord(step, outcome, attempts, status, detail, elapsedNanos);
  }

  public boolean done() {
    return outcome.equals("done");
  }
}
