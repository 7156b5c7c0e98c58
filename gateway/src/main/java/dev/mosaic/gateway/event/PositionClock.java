package dev.mosaic.gateway.event;

/**
 * Numbers the in-process log's entries as Redis numbers a stream's: the time, and a sequence within
 * the same millisecond, never going back when the wall clock does.
 */
final class PositionClock {

  private StreamPosition last = StreamPosition.ZERO;

  synchronized StreamPosition next(long nowMillis) {
    last =
        nowMillis > last.millis()
            ? new StreamPosition(nowMillis, 0)
            : new StreamPosition(last.millis(), last.sequence() + 1);
    return last;
  }
}
