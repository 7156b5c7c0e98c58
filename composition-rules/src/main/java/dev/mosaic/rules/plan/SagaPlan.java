package dev.mosaic.rules.plan;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * A write endpoint whose calls are the steps of a saga: when a step fails no further step starts,
 * and every step that completed (or may have: it timed out) is compensated, in reverse completion
 * order, each compensation retried with backoff.
 *
 * @param compensations aligned with {@link EndpointPlan#calls()}; null for a step with nothing to
 *     undo (a read, say)
 * @param attempts how many times a compensation is tried before the saga is reported as failed to
 *     compensate
 * @param backoff the wait before the second attempt, doubled up to {@code maxBackoff}
 * @param async answer {@code 202 Accepted} with {@code Location: /sagas/{id}} at once and run the
 *     saga behind it
 */
public record SagaPlan(
    List<Compensation> compensations,
    int attempts,
    Duration backoff,
    Duration maxBackoff,
    boolean async) {

  /** Where a saga's state is read, {@code GET /sagas/{id}}, once any endpoint is a saga. */
  public static final String STATES_PATH = "/sagas/";

  public static final int DEFAULT_ATTEMPTS = 5;
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

  public SagaPlan {
    compensations = Collections.unmodifiableList(new java.util.ArrayList<>(compensations));
  }

  /** The compensation of step {@code index}, or null. */
  public Compensation of(int index) {
    return compensations.get(index);
  }
}
