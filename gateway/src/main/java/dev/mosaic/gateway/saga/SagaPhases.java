package dev.mosaic.gateway.saga;

import java.util.Set;

/** The states a saga is listed by, as {@code GET /sagas/{id}} and the admin API name them. */
public final class SagaPhases {

  public static final String RUNNING = "running";
  public static final String COMPENSATING = "compensating";

  /** Ended with a compensation that never succeeded: an operator's to look at, and retry. */
  public static final String STUCK = "failed-to-compensate";

  /** The states the admin API lists by. */
  public static final Set<String> LISTED = Set.of(RUNNING, COMPENSATING, STUCK);

  private SagaPhases() {}
}
