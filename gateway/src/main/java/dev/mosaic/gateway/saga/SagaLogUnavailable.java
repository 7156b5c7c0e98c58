package dev.mosaic.gateway.saga;

/** A saga could not be logged before its first step, so nothing was sent: the client may retry. */
public final class SagaLogUnavailable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SagaLogUnavailable(Throwable cause) {
    super("the saga log could not be written: " + cause.getMessage(), cause);
  }
}
