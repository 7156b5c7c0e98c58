package dev.mosaic.rules.expression;

/**
 * A value that cannot be put into a URL without changing which resource it names: missing, empty,
 * "." or "..", or not a single value. Knows the expression that produced it, so the gateway can
 * tell a bad client input (400, no service contacted) from bad data a service sent.
 */
public final class UnsafeValueException extends Exception {

  private final transient Expression expression;

  public UnsafeValueException(Expression expression, String message) {
    super(message, null, false, false);
    this.expression = expression;
  }

  /** The expression whose value was unsafe, or null for a batch key. */
  public Expression expression() {
    return expression;
  }
}
