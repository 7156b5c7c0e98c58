package dev.mosaic.rules.expression;

/** An expression failed at run time (a type error over the actual data, say). */
public final class EvaluationException extends Exception {

  public EvaluationException(String expression, String message) {
    super("${" + expression + "}: " + message, null, false, false);
  }
}
