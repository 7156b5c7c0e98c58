package dev.mosaic.gateway.saga;

/**
 * How one compensation ended.
 *
 * @param outcome {@code done}, or {@code failed} once its attempts ran out (or its service refused
 *     it with a 4xx: trying again would not change that)
 * @param attempts how many times it was sent
 * @param status the service's last status, else 0
 * @param detail why it failed, or null
 */
public record CompensationRecord(
    String step, String outcome, int attempts, int status, String detail) {

  public boolean done() {
    return outcome.equals("done");
  }
}
