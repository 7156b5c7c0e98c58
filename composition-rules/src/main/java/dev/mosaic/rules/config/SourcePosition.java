package dev.mosaic.rules.config;

/** A place in a config file, 1-based like every editor shows it. */
public record SourcePosition(String file, int line, int column) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
