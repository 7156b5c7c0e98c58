package dev.mosaic.rules.plan;

import java.time.Duration;

/**
 * How a gateway process runs in a fleet: how it leaves ({@code server.drainDelay}, {@code
 * server.shutdownGrace}), where its probes ask how it is ({@code server.healthPort}) and how it
 * logs ({@code server.logFormat}). On SIGTERM it says it is not ready at once, keeps serving for
 * {@code drainDelay} (load balancers take that long to notice), stops accepting connections, lets
 * requests in flight finish for up to {@code shutdownGrace}, and exits 0.
 *
 * @param healthPort a listener of its own for /health/live and /health/ready (0: a free one), or -1
 *     for none (they stay on the admin port either way)
 * @param jsonLogs operational logs as JSON lines ({@code logFormat: json}), read at start
 */
public record LifecycleSettings(
    Duration drainDelay, Duration shutdownGrace, int healthPort, boolean jsonLogs) {

  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public static final LifecycleSettings DEFAULTS =
      new LifecycleSettings(Duration.ZERO, DEFAULT_SHUTDOWN_GRACE, -1, false);
}
