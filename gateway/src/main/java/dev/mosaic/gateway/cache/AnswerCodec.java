package dev.mosaic.gateway.cache;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * A cached answer as bytes in Redis, shared by gateway processes whose nanosecond clocks have
 * nothing in common: times travel as wall-clock milliseconds and durations. A value that is not
 * exactly this format (another program's, a truncated one, an older version) reads as null, a miss:
 * it is never served.
 *
 * <pre>
 *   "MOSAIC\1" | status u16 | type length u16 | type UTF-8 | stored-at epoch ms i64 |
 *   ttl ms i64 | stale-while-revalidate ms i64 | stale-if-error ms i64 | body length i32 | body
 * </pre>
 */
final class AnswerCodec {

  private static final byte[] MAGIC = {'M', 'O', 'S', 'A', 'I', 'C', 1};

  private AnswerCodec() {}

  static Buffer encode(CachedAnswer answer, long nowNanos, long nowEpochMillis) {
    byte[] type =
        answer.contentType() == null
            ? new byte[0]
            : answer.contentType().getBytes(StandardCharsets.UTF_8);
    long storedAtEpoch = nowEpochMillis - (nowNanos - answer.storedAt()) / 1_000_000;
    Buffer out =
        Buffer.buffer(MAGIC.length + 2 + 2 + type.length + 8 * 4 + 4 + answer.body().length);
    out.appendBytes(MAGIC)
        .appendUnsignedShort(answer.status())
        .appendUnsignedShort(type.length)
        .appendBytes(type)
        .appendLong(storedAtEpoch)
        .appendLong((answer.freshUntil() - answer.storedAt()) / 1_000_000)
        .appendLong((answer.revalidateUntil() - answer.freshUntil()) / 1_000_000)
        .appendLong((answer.usableOnErrorUntil() - answer.freshUntil()) / 1_000_000)
        .appendInt(answer.body().length)
        .appendBytes(answer.body());
    return out;
  }

  /**
   * @return the answer on this process's clock, or null when {@code value} is not one
   */
  static CachedAnswer decode(Buffer value, long nowNanos, long nowEpochMillis) {
    try {
      int at = 0;
      for (byte b : MAGIC) {
        if (value.getByte(at++) != b) {
          return null;
        }
      }
      int status = value.getUnsignedShort(at);
      int typeLength = value.getUnsignedShort(at + 2);
      at += 4;
      String type = typeLength == 0 ? null : value.getString(at, at + typeLength, "UTF-8");
      at += typeLength;
      long storedAtEpoch = value.getLong(at);
      long ttl = value.getLong(at + 8);
      long revalidate = value.getLong(at + 16);
      long onError = value.getLong(at + 24);
      int length = value.getInt(at + 32);
      at += 36;
      if (status < 100
          || status > 599
          || ttl <= 0
          || revalidate < 0
          || onError < 0
          || length < 0
          || at + length != value.length()) {
        return null;
      }
      long storedAt = nowNanos - (nowEpochMillis - storedAtEpoch) * 1_000_000;
      long fresh = storedAt + ttl * 1_000_000;
      return new CachedAnswer(
          status,
          type,
          value.getBytes(at, at + length),
          storedAt,
          fresh,
          fresh + revalidate * 1_000_000,
          fresh + onError * 1_000_000,
          java.util.List.of()); // tags: the caller's
    } catch (IndexOutOfBoundsException e) {
      return null; // shorter than its own header says
    }
  }
}
