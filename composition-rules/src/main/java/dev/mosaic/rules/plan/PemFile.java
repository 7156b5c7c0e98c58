package dev.mosaic.rules.plan;

/**
 * A PEM file the config names, as read at compile time: the gateway uses this text, not a second
 * read of the path, so what was checked is what is served, and a reload sees a rotated file as a
 * change. Prints as its path only: a key file's text must never reach a log.
 */
public record PemFile(String path, String text) {

  @Override
  public String toString() {
    return path;
  }
}
