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

  /**
   * A saga's state and who may read it.
   *
   * @param owner the caller's {@code sub} on an endpoint with {@code auth:}, else null (the id
   *     alone lets a client read it)
   */
  public record Kept(JsonObject state, String owner) {}

  private final Cache<String, Kept> states =
      Caffeine.newBuilder().maximumSize(MAX_SAGAS).expireAfterWrite(KEEP).build();

  public IdempotentRequests keys() {
    return keys;
  }

  /** Records where a saga stands: {@code running}, or how it ended, with its answer. */
  public void state(String sagaId, JsonObject state, String owner) {
    states.put(sagaId, new Kept(state, owner));
  }

  /** The saga's last recorded state (a copy) and owner, or null when it is unknown here. */
  public Kept state(String sagaId) {
    Kept kept = states.getIfPresent(sagaId);
    return kept == null ? null : new Kept(kept.state().copy(), kept.owner());
  }
}
