package dev.mosaic.gateway.logging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per answered request on the {@code mosaic.access} logger. The line is built on the
 * event loop (a few hundred nanoseconds); writing it is Logback's AsyncAppender's job (see
 * logback.xml: a bounded queue that drops rather than blocks), so a slow disk or terminal never
 * holds up a request.
 */
public final class AccessLog {

  public static final String LOGGER = "mosaic.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  /** What one request did, as the access log tells it. */
  public record Entry(
      String requestId,
      String traceId,
      String method,
      String route,
      String path,
      int status,
      long nanos,
      String cache,
      List<String> degraded,
      String client) {}

  public void log(Entry entry) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    JsonObject line =
        new JsonObject()
            .put("time", Instant.now().toString())
            .put("requestId", entry.requestId())
            .put("traceId", entry.traceId())
            .put("method", entry.method())
            .put("route", entry.route())
            .put("path", entry.path())
            .put("status", entry.status())
            .put("durationMs", Math.round(entry.nanos() / 1_000.0) / 1_000.0)
            .put("client", entry.client());
    if (entry.cache() != null) {
      line.put("cache", entry.cache());
    }
    if (!entry.degraded().isEmpty()) {
      line.put("degraded", new JsonArray(entry.degraded()));
    }
    LOG.info(line.encode());
  }
}
