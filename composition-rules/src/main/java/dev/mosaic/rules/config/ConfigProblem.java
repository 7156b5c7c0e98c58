package dev.mosaic.rules.config;

/**
 * One thing wrong with a config, with the place it was found: printed as {@code file:line:col:
 * message}.
 */
public record ConfigProblem(SourcePosition position, String message)
    implements Comparable<ConfigProblem> {

  @Override
  public String toString() {
    return position + ": " + message;
  }

  @Override
  public int compareTo(ConfigProblem other) {
    int byLine = Integer.compare(position.line(), other.position.line());
    return byLine != 0 ? byLine : Integer.compare(position.column(), other.position.column());
  }
}
