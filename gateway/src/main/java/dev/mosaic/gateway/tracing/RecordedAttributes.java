package dev.mosaic.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An ended {@link RecordedSpan}'s attributes as the exporter reads them: a view over the span's own
 * key and value pairs and its status, in the order they were recorded. The SDK's {@code
 * Attributes.builder()} would copy, sort and deduplicate them once more for every span on the
 * export thread, for an encoder that only iterates (a seventh of that thread's profile samples on
 * the tracing benchmark); the span already keeps one value per key.
 */
final class RecordedAttributes implements Attributes {

  private final Object[] pairs;
  private final int count;
  private final long status;

  /**
   * @param pairs key, value, key, value...: never changed after this is made
   * @param count how many pairs of {@code pairs} are used
   * @param status {@code http.response.status_code}, or -1 when there is none
   */
  RecordedAttributes(Object[] pairs, int count, long status) {
    this.pairs = pairs;
    this.count = count;
    this.status = status;
  }

  @Override
  @SuppressWarnings("unchecked") // each value was stored under its own key
  public <T> T get(AttributeKey<T> key) {
    if (key == null) {
      return null;
    }
    if (status >= 0 && RecordedSpan.STATUS.equals(key)) {
      return (T) Long.valueOf(status);
    }
    for (int i = 0; i < count * 2; i += 2) {
      if (pairs[i] == key || pairs[i].equals(key)) {
        return (T) pairs[i + 1];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < count * 2; i += 2) {
      consumer.accept((AttributeKey<?>) pairs[i], pairs[i + 1]);
    }
    if (status >= 0) {
      consumer.accept(RecordedSpan.STATUS, status);
    }
  }

  @Override
  public int size() {
    return count + (status >= 0 ? 1 : 0);
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public Map<AttributeKey<?>, Object> asMap() {
    Map<AttributeKey<?>, Object> map = new LinkedHashMap<>();
    forEach(map::put);
    return Collections.unmodifiableMap(map);
  }

  @Override
  @SuppressWarnings("unchecked") // each value was stored under its own key
  public AttributesBuilder toBuilder() {
    AttributesBuilder builder = Attributes.builder();
    forEach((key, value) -> builder.put((AttributeKey<Object>) key, value));
    return builder;
  }

  /** Equal to any {@link Attributes} holding the same keys and values, as the SDK's are. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Attributes attributes && asMap().equals(attributes.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
