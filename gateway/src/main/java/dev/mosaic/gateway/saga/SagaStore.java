package dev.mosaic.gateway.saga;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * What this process keeps of its sagas, for every event loop: the clients' Idempotency-Keys, and
 * each saga's state for {@code GET /sagas/{id}}. In memory, bounded, for {@link #KEEP}: a restart
 * forgets them and instances do not share them (the Redis store is the next step of issue 15).
 */
public final class SagaStore {

  public static final Duration KEEP = Duration.ofHours(24);
  private static final long MAX_SAGAS = 100_000;

  private final IdempotentRequests keys = new IdempotentRequests();
  private final Cache<String, JsonObject> states =
      Caffeine.newBuilder().maximumSize(MAX_SAGAS).expireAfterWrite(KEEP).build();

  public IdempotentRequests keys() {
    return keys;
  }

  /** Records where a saga stands: {@code running}, or how it ended, with its steps. */
  public void state(String sagaId, JsonObject state) {
    states.put(sagaId, state);
  }

  /** The saga's last recorded state (a copy), or null when it is unknown here. */
  public JsonObject state(String sagaId) {
    JsonObject state = states.getIfPresent(sagaId);
    return state == null ? null : state.copy();
  }
}
