package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.execution.Reason;

/**
 * The failures after which a step's write may have happened all the same: its request had left, and
 * no answer said it failed (a timeout, a reset, a cancel at shutdown), or an answer came that could
 * not be read (it may have been a 2xx). Such a step is compensated like a done one: undoing a write
 * that never happened is what an idempotent compensation takes in its stride (a 404 counts as
 * done), leaving one that did is not.
 */
final class MaybeDone {

  private MaybeDone() {}

  static boolean after(Reason reason) {
    return switch (reason) {
      case TIMEOUT, DEADLINE, RESET, CANCELLED, INVALID_JSON, TOO_LARGE -> true;
      default -> false;
    };
  }

  /** By the label a log line keeps. */
  static boolean after(String label) {
    for (Reason reason : Reason.values()) {
      if (reason.label().equals(label)) {
        return after(reason);
      }
    }
    return false;
  }
}
