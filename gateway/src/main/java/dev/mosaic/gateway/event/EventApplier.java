package dev.mosaic.gateway.event;

import io.vertx.core.Future;

/**
 * What a gateway does with each change event, in stream order: drop the cache entries and mark the
 * views its tags name. The consumer acknowledges an entry only once its future succeeded, so an
 * event applied halfway when the process dies is applied again after the restart.
 */
@FunctionalInterface
public interface EventApplier {

  Future<Void> apply(ChangeEvent event);
}
