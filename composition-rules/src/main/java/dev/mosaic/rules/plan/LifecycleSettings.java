package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * How a gateway leaves a fleet ({@code server.drainDelay}, {@code server.shutdownGrace}) and where
 * its probes ask how it is ({@code server.healthPort}). On SIGTERM it says it is not ready at once,
 * keeps serving for {@code drainDelay} (load balancers take that long to notice), stops accepting
 * connections, lets requests in flight finish for up to {@code shutdownGrace}, and exits 0.
 *
 * @param healthPort a listener of its own for /health/live and /health/ready (0: a free one), or -1
 *     for none (they stay on the admin port either way)
 */
public record LifecycleSettings(Duration drainDelay, Duration shutdownGrace, int healthPort) {

  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public static final LifecycleSettings DEFAULTS =
      new LifecycleSettings(Duration.ZERO, DEFAULT_SHUTDOWN_GRACE, -1);
}
