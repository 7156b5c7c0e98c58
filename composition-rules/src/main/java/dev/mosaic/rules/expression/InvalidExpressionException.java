package dev.mosaic.rules.expression;

/** An expression that does not compile; {@link #offset()} is where inside it the problem is. */
public final class InvalidExpressionException extends Exception {

  private final int offset;

  public InvalidExpressionException(String message, int offset) {
    super(message);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
