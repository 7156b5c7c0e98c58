package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.ConfigProblem;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.YamlReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings that are valid but that a platform team would not want to ship by accident, found in a
 * config that compiled, each at the position it was written: {@code mosaic check} prints them as
 * warnings (the exit code stays 0).
 *
 * <ul>
 *   <li>the admin API on a non-loopback host without a token: anyone who reaches the port can
 *       reload, purge and read the config;
 *   <li>the admin port equal to the public port: Vert.x shares one port between servers of a
 *       process, so requests would be spread over both routers;
 *   <li>a write (not a saga) without a deadline of its own: it is cut at the default deadline
 *       whatever its calls' timeouts allow, perhaps after the service did the write;
 *   <li>an OTLP export of every new trace ({@code sampleRatio} 1, written or by default): each
 *       sampled request costs the gateway a span per call to record, encode and post, which at
 *       saturation is several times what a production ratio costs (docs/rules.md).
 * </ul>
 */
public final class RiskySettings {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private RiskySettings() {}

  public static List<ConfigProblem> find(
      String name, String yaml, Function<String, String> env, GatewayPlan plan) {
    ConfigNode root = YamlReader.read(name, yaml, env, new Problems());
    List<ConfigProblem> warnings = new ArrayList<>();
    if (!(root instanceof ConfigNode.MapNode top)) {
      return warnings;
    }
    if (top.get("server") instanceof ConfigNode.MapNode server) {
      admin(server, plan.server(), warnings);
      exportOfEveryTrace(server, plan.tracing(), warnings);
    }
    if (top.get("endpoints") instanceof ConfigNode.MapNode endpoints) {
      for (ConfigNode.Entry endpoint : endpoints.entries()) {
        writeWithoutDeadline(endpoint, warnings);
      }
    }
    warnings.sort(null);
    return warnings;
  }

  private static void admin(
      ConfigNode.MapNode server, ServerSettings settings, List<ConfigProblem> warnings) {
    if (settings.adminPort() < 0) {
      return;
    }
    ConfigNode.Entry host = server.entry("adminHost");
    if (host != null && !loopback(settings.adminHost()) && settings.adminTokenFile() == null) {
      warnings.add(
          new ConfigProblem(
              host.value().position(),
              "warning: the admin API listens on "
                  + settings.adminHost()
                  + " without adminTokenFile: anyone who reaches it can reload, purge and read the"
                  + " config; keep it on 127.0.0.1 or require a token"));
    }
    ConfigNode.Entry port = server.entry("adminPort");
    if (port != null && settings.adminPort() != 0 && settings.adminPort() == settings.port()) {
      warnings.add(
          new ConfigProblem(
              port.value().position(),
              "warning: adminPort is the public port "
                  + settings.port()
                  + ": the two servers would share it and split requests between the admin API"
                  + " and the endpoints; give the admin API a port of its own"));
    }
  }

  private static void exportOfEveryTrace(
      ConfigNode.MapNode server, TracingSettings tracing, List<ConfigProblem> warnings) {
    if (tracing.otlp() == null
        || tracing.sampleRatio() < 1.0
        || !(server.get("tracing") instanceof ConfigNode.MapNode fields)) {
      return;
    }
    ConfigNode.Entry ratio = fields.entry("sampleRatio");
    warnings.add(
        new ConfigProblem(
            ratio != null ? ratio.value().position() : fields.entry("otlp").keyPosition(),
            "warning: every new trace is sampled and exported (sampleRatio "
                + (ratio != null ? "1" : "1 by default")
                + "): each request then pays for a span per call, recorded, encoded and posted;"
                + " production tracing samples a share, e.g. sampleRatio: 0.1 (a caller's"
                + " sampled traceparent is followed whatever the ratio)"));
  }

  private static void writeWithoutDeadline(
      ConfigNode.Entry endpoint, List<ConfigProblem> warnings) {
    String method = endpoint.key().split(" ", 2)[0];
    if (!WRITES.contains(method) || !(endpoint.value() instanceof ConfigNode.MapNode fields)) {
      return;
    }
    if (fields.get("deadline") != null || saga(fields)) {
      return; // a saga is bounded by its steps' timeouts and compensations, not by a deadline
    }
    warnings.add(
        new ConfigProblem(
            endpoint.keyPosition(),
            "warning: "
                + endpoint.key()
                + " is a write without a deadline of its own: it is cut at the default "
                + EndpointPlan.DEFAULT_DEADLINE.toMillis() / 1000.0
                + "s whatever its calls' timeouts allow, perhaps after the service did the write;"
                + " set deadline: to what the write may take"));
  }

  private static boolean saga(ConfigNode.MapNode endpoint) {
    if (endpoint.get("calls") instanceof ConfigNode.MapNode calls) {
      for (ConfigNode.Entry call : calls.entries()) {
        if (call.value() instanceof ConfigNode.MapNode c && c.get("compensate") != null) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean loopback(String host) {
    return host.equals("localhost")
        || host.equals("::1")
        || host.equals("[::1]")
        || host.startsWith("127.");
  }
}
