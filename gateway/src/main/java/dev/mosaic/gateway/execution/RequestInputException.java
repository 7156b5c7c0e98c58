package dev.mosaic.gateway.execution;

/**
 * A call's request could not be built; {@link #reason()} says whether the client or a service is to
 * blame.
 */
public final class RequestInputException extends Exception {

  private final Reason reason;

  RequestInputException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
