package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code server.tracing} when it is a mapping (sampling, OTLP export); {@code true} or {@code
 * false} is read by {@link PlanCompiler} alone and means {@link TracingSettings#DEFAULTS}.
 */
final class TracingReader {

  private TracingReader() {}

  static TracingSettings read(ConfigNode.MapNode server, Problems problems) {
    if (server == null || !(server.get("tracing") instanceof ConfigNode.MapNode node)) {
      return TracingSettings.DEFAULTS;
    }
    Fields f = new Fields(node, problems);
    // the schema reports a ratio outside 0..1; a value it let through is in range
    double ratio = f.number("sampleRatio", 1.0);
    if (!(ratio >= 0 && ratio <= 1)) {
      ratio = 1.0;
    }
    return new TracingSettings(
        ratio,
        f.string("serviceName", TracingSettings.DEFAULT_SERVICE_NAME),
        otlp(f.map("otlp"), problems));
  }

  private static TracingSettings.Otlp otlp(ConfigNode.MapNode node, Problems problems) {
    if (node == null) {
      return null;
    }
    Fields f = new Fields(node, problems);
    String endpoint = f.string("endpoint", null);
    if (endpoint == null) {
      return null; // the schema reported it missing
    }
    if (!httpUrl(endpoint)) {
      // the userinfo stays out of the message: config errors end up in logs
      f.problem(
          "endpoint",
          "tracing.otlp.endpoint: '"
              + endpoint.replaceAll("//[^@/]*@", "//***@")
              + "' is not an http(s) URL with a host, e.g. http://127.0.0.1:4318/v1/traces");
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ConfigNode.MapNode headerNodes = f.map("headers");
    if (headerNodes != null) {
      for (ConfigNode.Entry h : headerNodes.entries()) {
        if (h.value() instanceof ConfigNode.ScalarNode s && s.value() instanceof String text) {
          if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            problems.add(
                h.value().position(),
                "header " + h.key() + ": a value cannot contain a line break");
          } else {
            headers.put(h.key(), text);
          }
        }
      }
    }
    return new TracingSettings.Otlp(
        tracesUrl(endpoint),
        f.duration("timeout", TracingSettings.Otlp.DEFAULT_TIMEOUT),
        headers,
        f.duration("batchDelay", TracingSettings.Otlp.DEFAULT_BATCH_DELAY),
        f.integer("queueSize", TracingSettings.Otlp.DEFAULT_QUEUE_SIZE));
  }

  /**
   * A collector's base URL (no path) means its traces path, as OTEL_EXPORTER_OTLP_ENDPOINT does; a
   * URL with a path is taken as written.
   */
  static String tracesUrl(String endpoint) {
    String path = URI.create(endpoint).getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return endpoint.replaceAll("/$", "") + "/v1/traces";
    }
    return endpoint;
  }

  private static boolean httpUrl(String text) {
    try {
      URI uri = new URI(text);
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null
          && uri.getPort() <= 65535;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
