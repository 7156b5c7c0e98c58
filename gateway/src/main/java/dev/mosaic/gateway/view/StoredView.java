package dev.mosaic.gateway.view;

import dev.mosaic.gateway.event.StreamPosition;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * One composed answer of a view endpoint, as stored: what it answers, from which input, and the
 * event position it reflects (every change up to it was applied before its composition began).
 *
 * @param key the route and its inputs ({@link ViewInputs#key})
 * @param tags its rendered tags: an event naming one makes it stale
 * @param composedAtMillis wall time of the composition, for {@code Age}
 */
public record StoredView(
    String key,
    String route,
    ViewInputs inputs,
    List<String> tags,
    Buffer body,
    StreamPosition position,
    long composedAtMillis) {

  public StoredView {
    tags = List.copyOf(tags);
  }
}
