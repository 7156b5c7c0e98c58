package dev.mosaic.gateway.event;

/**
 * A place in the change-event stream, as Redis Streams number entries: {@code <millis>-<sequence>},
 * ordered by time, then by sequence. It is what a view says it reflects and what a write hands its
 * client ({@code Mosaic-Version}), so reads can ask for "at least this".
 */
public record StreamPosition(long millis, long sequence) implements Comparable<StreamPosition> {

  /** Before every entry. */
  public static final StreamPosition ZERO = new StreamPosition(0, 0);

  public StreamPosition {
    if (millis < 0 || sequence < 0) {
      throw new IllegalArgumentException("a stream position is never negative");
    }
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not {@code <millis>-<sequence>}
   */
  public static StreamPosition parse(String text) {
    int dash = text == null ? -1 : text.indexOf('-');
    if (dash <= 0 || dash == text.length() - 1 || text.length() > 41) {
      throw new IllegalArgumentException("not a stream position: expected <millis>-<sequence>");
    }
    try {
      return new StreamPosition(
          Long.parseLong(text, 0, dash, 10), Long.parseLong(text, dash + 1, text.length(), 10));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a stream position: expected <millis>-<sequence>", e);
    }
  }

  public boolean isAfter(StreamPosition other) {
    return compareTo(other) > 0;
  }

  public boolean isBefore(StreamPosition other) {
    return compareTo(other) < 0;
  }

  public static StreamPosition later(StreamPosition a, StreamPosition b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public int compareTo(StreamPosition other) {
    int byTime = Long.compare(millis, other.millis);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }

  @Override
  public String toString() {
    return millis + "-" + sequence;
  }
}
