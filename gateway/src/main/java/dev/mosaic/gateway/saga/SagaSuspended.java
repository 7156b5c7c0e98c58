package dev.mosaic.gateway.saga;

/**
 * A running saga's next action could not be logged (the durable log is unreachable), so this
 * process stopped acting on it: nothing is sent that the log does not hold. Its lease then lapses
 * and whichever instance reaches the log first finishes it from there.
 */
public final class SagaSuspended extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SagaSuspended(String sagaId, Throwable cause) {
    super(
        "saga "
            + sagaId
            + " could not be logged, so it was left to be finished from its log: "
            + cause.getMessage(),
        cause);
  }
}
