package dev.mosaic.gateway.cli;

/**
 * What {@code mosaic} exits with, so scripts and supervisors can tell a bad config from a bad
 * command line from a port that was taken. Documented in the README.
 */
final class ExitCodes {

  /** Done, or stopped cleanly (SIGTERM after a drain, Ctrl-C). */
  static final int OK = 0;

  /** A config (or a file it names) has problems, or cannot be read: nothing was started. */
  static final int INVALID_CONFIG = 1;

  /** The command line itself is wrong: an unknown command or option, a missing argument. */
  static final int USAGE = 2;

  /** The config is valid but the gateway could not start: a port taken, a Redis URL refused. */
  static final int START_FAILURE = 3;

  /** A second SIGTERM while draining: out at once, as an unhandled SIGTERM would be (128 + 15). */
  static final int TERMINATED_AGAIN = 143;

  private ExitCodes() {}
}
