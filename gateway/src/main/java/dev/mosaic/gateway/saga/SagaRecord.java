package dev.mosaic.gateway.saga;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A saga as its log has it: the header, every event in the order written, and, once it ended, how.
 *
 * @param phase {@code running}, {@code compensating}, or the ended state ({@code completed}, {@code
 *     compensated}, {@code failed-to-compensate}, ...)
 * @param ended what {@code GET /sagas/{id}} shows once it ended, else null
 */
public record SagaRecord(
    SagaHeader header, List<SagaEvent> events, String phase, JsonObject ended) {

  public SagaRecord {
    events = List.copyOf(events);
  }

  public boolean isEnded() {
    return ended != null;
  }

  /** What {@code GET /sagas/{id}} shows: how it ended, or where it stands. */
  public JsonObject view() {
    if (ended != null) {
      return ended.copy();
    }
    return new JsonObject()
        .put("id", header.sagaId())
        .put("route", header.route())
        .put("state", phase);
  }
}
