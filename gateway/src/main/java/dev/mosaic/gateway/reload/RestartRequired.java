package dev.mosaic.gateway.reload;

import dev.mosaic.rules.plan.CacheSettings;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.RateLimitSettings;
import dev.mosaic.rules.plan.ServerSettings;
import dev.mosaic.rules.plan.TlsTermination;
import dev.mosaic.rules.plan.TracingSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Which differences between the running config and a reloaded one a reload cannot apply: what is
 * bound or sized once per process at start (the listeners, TLS on or off, the file watch, the
 * cache, the rate limiter's store, the span export). The reload applies the rest and reports these
 * as taking effect on restart.
 */
public final class RestartRequired {

  private RestartRequired() {}

  /**
   * @param running the plan of the generation serving now
   * @param servingTls what the servers present now: the running plan's TLS may have been turned on
   *     or off by an earlier reload that could not apply it
   * @return the settings that changed and wait for a restart, one entry per group of settings
   */
  public static List<String> between(
      GatewayPlan running, TlsTermination servingTls, GatewayPlan reloaded) {
    List<String> changes = new ArrayList<>();
    ServerSettings was = running.server();
    ServerSettings now = reloaded.server();
    if (!was.host().equals(now.host())
        || was.port() != now.port()
        || was.instances() != now.instances()) {
      changes.add("server.host, server.port and server.instances");
    }
    if (!was.adminHost().equals(now.adminHost()) || was.adminPort() != now.adminPort()) {
      changes.add("server.adminHost and server.adminPort");
    }
    if (was.watchConfig() != now.watchConfig()) {
      changes.add("server.watchConfig");
    }
    if (!was.edge().sameListener(now.edge())) {
      changes.add(
          "server.http2 and server.limits' maxHeaderSize, maxUrlLength, idleTimeout and maxConcurrentStreams");
    }
    if ((servingTls == null) != (now.secretsAndTls().tls() == null)) {
      changes.add("server.tls (turning TLS on or off; its files and minVersion change on reload)");
    }
    CacheSettings before = running.cache();
    CacheSettings after = reloaded.cache();
    if (before.maxEntries() != after.maxEntries()
        || before.maxBytes() != after.maxBytes()
        || !java.util.Objects.equals(before.redisUrl(), after.redisUrl())
        || !before.redisTimeout().equals(after.redisTimeout())) {
      changes.add("cache.maxEntries, cache.maxBytes, cache.redis and cache.redisTimeout");
    }
    RateLimitSettings limitsBefore = was.rateLimits();
    RateLimitSettings limitsAfter = now.rateLimits();
    if (!java.util.Objects.equals(limitsBefore.redisUrl(), limitsAfter.redisUrl())
        || !limitsBefore.redisTimeout().equals(limitsAfter.redisTimeout())
        || limitsBefore.maxClients() != limitsAfter.maxClients()) {
      changes.add("server.rateLimits.redis, redisTimeout and maxClients");
    }
    if (!java.util.Objects.equals(running.sagas(), reloaded.sagas())) {
      changes.add("sagas");
    }
    if (!java.util.Objects.equals(running.events(), reloaded.events())) {
      changes.add("events");
    }
    if (!java.util.Objects.equals(running.lifecycle(), reloaded.lifecycle())) {
      // the drain is set up as the process starts, and so are the log's appenders
      changes.add(
          "server.drainDelay, shutdownGrace, healthPort and logFormat (read as the process starts)");
    }
    TracingSettings tracingBefore = running.tracing();
    TracingSettings tracingAfter = reloaded.tracing();
    // the export's SDK (its sampler, resource and exporter) is built once per process; without an
    // export the ratio is only a number the servers read, applied on reload
    if ((tracingBefore.otlp() != null || tracingAfter.otlp() != null)
        && !tracingBefore.equals(tracingAfter)) {
      changes.add("server.tracing's otlp, sampleRatio and serviceName (with an OTLP export)");
    }
    return changes;
  }
}
