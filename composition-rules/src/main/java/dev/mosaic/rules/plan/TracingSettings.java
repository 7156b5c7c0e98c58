package dev.mosaic.rules.plan;

import java.time.Duration;
import java.util.Map;

/**
 * {@code server.tracing} as a mapping: how new traces are sampled and where spans are exported.
 * Whether trace context is propagated at all stays {@link ServerSettings#tracing()}.
 *
 * @param sampleRatio the share of new traces sampled, 0 to 1; a caller's flag is always followed
 * @param serviceName {@code service.name} of the exported spans
 * @param otlp where spans go, or null: none are recorded
 */
public record TracingSettings(double sampleRatio, String serviceName, Otlp otlp) {

  public static final String DEFAULT_SERVICE_NAME = "mosaic";

  /** Today's behaviour: every new trace sampled, nothing exported. */
  public static final TracingSettings DEFAULTS =
      new TracingSettings(1.0, DEFAULT_SERVICE_NAME, null);

  /**
   * OTLP/HTTP (protobuf) export in batches.
   *
   * @param endpoint the collector's traces URL, http or https
   * @param headers sent with every export; values print as names only (they are often keys)
   * @param batchDelay the longest an ended span waits for its batch
   * @param queueSize spans waiting at most; past it they are dropped and counted
   */
  public record Otlp(
      String endpoint,
      Duration timeout,
      Map<String, String> headers,
      Duration batchDelay,
      int queueSize) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BATCH_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_QUEUE_SIZE = 2048;

    public Otlp {
      headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
      return "Otlp[endpoint="
          + endpoint
          + ", timeout="
          + timeout
          + ", headers="
          + headers.keySet()
          + ", batchDelay="
          + batchDelay
          + ", queueSize="
          + queueSize
          + "]";
    }
  }
}
