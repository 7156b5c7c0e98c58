package dev.mosaic.gateway.saga;

/**
 * This instance no longer owns the saga: its lease lapsed (a pause longer than the lease, a
 * partition from Redis) and another instance took the saga over. Whoever gets this stops acting on
 * the saga at once: the new owner finishes it, and two owners would compensate twice.
 */
public final class LeaseLost extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LeaseLost(String sagaId) {
    super("saga " + sagaId + " was taken over by another instance (its lease lapsed)");
  }
}
