package dev.mosaic.gateway.event;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The change-event stream as one gateway sees it: it appends the changes its writes announce, and
 * applies every change (its own and the services') in order, each once, acknowledging only what it
 * applied. {@link RedisEventLog} is the durable, shared one; {@link MemoryEventLog} serves the
 * embedded default, where only this process's own writes are announced.
 */
public interface EventLog {

  /**
   * Appends a change.
   *
   * @return its position once it is stored (not yet applied)
   */
  Future<StreamPosition> append(List<String> tags);

  /**
   * Starts applying the stream with {@code applier}; once.
   *
   * @return completes when it reads the stream (its position there exists), or failed when the
   *     first attempt could not; it goes on trying either way
   */
  Future<Void> start(EventApplier applier);

  ConsumerProgress progress();

  /** Where and how it reads, for the admin API. */
  JsonObject describe();

  Future<Void> close();
}
