package dev.mosaic.rules.plan;

/** How calls are spread over a service's instances. */
public enum Balance {
  ROUND_ROBIN,
  /** The instance with the fewest calls in flight from this process; ties go round-robin. */
  LEAST_IN_FLIGHT
}
