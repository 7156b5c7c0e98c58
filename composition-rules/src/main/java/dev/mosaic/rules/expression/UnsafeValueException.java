package dev.mosaic.rules.expression;

/**
 * A value that cannot be put into a URL without changing which resource it names: missing, empty,
 * "." or "..", or not a single value. The request fails with 400 instead of calling the service.
 */
public final class UnsafeValueException extends Exception {

  public UnsafeValueException(String message) {
    super(message, null, false, false);
  }
}
