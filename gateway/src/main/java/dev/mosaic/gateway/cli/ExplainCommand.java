package dev.mosaic.gateway.cli;

import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.expression.UnsafeValueException;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.ServiceAddress;
import java.io.PrintWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mosaic explain CONFIG 'GET /products/42'}: which endpoint a request reaches, its
 * parameters checked as the gateway would, and its calls stage by stage (what runs at once, what
 * waits for what) with the URLs they would be sent to, as far as the request alone decides them.
 * Nothing is called.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Show the endpoint a request reaches, its call stages and the service URLs, calling"
            + " nothing.")
final class ExplainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config file")
  Path config;

  @Parameters(index = "1", paramLabel = "REQUEST", description = "'METHOD /path?query'")
  String request;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GatewayPlan plan = ConfigFile.compileOrReport(config, err);
    if (plan == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    String[] parts = request.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[1].startsWith("/")) {
      err.println("explain: write the request as 'METHOD /path', e.g. 'GET /products/42'");
      err.flush();
      return ExitCodes.USAGE;
    }
    String method = parts[0].toUpperCase(java.util.Locale.ROOT);
    String target = parts[1];
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    Map<String, Object> query = query(target);
    for (EndpointPlan endpoint : plan.endpoints()) {
      Map<String, Object> params = match(endpoint, method, path);
      if (params != null) {
        explain(out, plan, endpoint, params, query);
        out.flush();
        return ExitCodes.OK;
      }
    }
    err.printf(
        "%s %s: no endpoint of %s matches (the gateway answers 404)%n", method, path, config);
    err.flush();
    return ExitCodes.USAGE;
  }

  /** The path parameters when {@code endpoint} serves this method and path, else null. */
  private static Map<String, Object> match(EndpointPlan endpoint, String method, String path) {
    if (!endpoint.method().equals(method)) {
      return null;
    }
    String[] route = endpoint.routePath().split("/", -1);
    String[] actual = path.split("/", -1);
    if (route.length != actual.length) {
      return null;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < route.length; i++) {
      if (route[i].startsWith("{") && route[i].endsWith("}")) {
        if (actual[i].isEmpty()) {
          return null;
        }
        params.put(
            route[i].substring(1, route[i].length() - 1),
            URLDecoder.decode(actual[i], StandardCharsets.UTF_8));
      } else if (!route[i].equals(actual[i])) {
        return null;
      }
    }
    return params;
  }

  private static Map<String, Object> query(String target) {
    Map<String, Object> query = new TreeMap<>();
    int at = target.indexOf('?');
    if (at < 0) {
      return query;
    }
    for (String pair : target.substring(at + 1).split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        query.putIfAbsent(
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }

  private static void explain(
      PrintWriter out,
      GatewayPlan plan,
      EndpointPlan endpoint,
      Map<String, Object> params,
      Map<String, Object> query) {
    out.printf(
        "%s %s  (%s, line %d)%n",
        endpoint.method(),
        endpoint.routePath(),
        plan.source(),
        endpoint.position() == null ? 0 : endpoint.position().line());
    boolean refused = false;
    for (Map.Entry<String, Object> param : params.entrySet()) {
      Pattern pattern = endpoint.paramPatterns().get(param.getKey());
      boolean fits = pattern == null || pattern.matcher((String) param.getValue()).matches();
      refused |= !fits;
      out.printf(
          "  param %s = %s%s%n",
          param.getKey(),
          param.getValue(),
          pattern == null
              ? ""
              : fits ? "  (matches " + pattern + ")" : "  DOES NOT MATCH " + pattern);
    }
    if (refused) {
      out.println("  → answered 400 before any call");
      return;
    }
    out.printf("  %s%n", traits(endpoint));
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("path", params);
    context.put("query", query);
    context.put("headers", Map.of());
    List<List<CallPlan>> stages = stages(endpoint.calls());
    for (int s = 0; s < stages.size(); s++) {
      out.printf(
          "  stage %d%s:%n",
          s + 1, stages.get(s).size() > 1 ? " (" + stages.get(s).size() + " calls at once)" : "");
      for (CallPlan call : stages.get(s)) {
        out.printf("    %s%n", describe(endpoint, call, context));
      }
    }
  }

  private static String traits(EndpointPlan endpoint) {
    List<String> traits = new ArrayList<>();
    if (endpoint.saga() == null) {
      traits.add(endpoint.passthrough() ? "passthrough" : "composed");
      traits.add("deadline " + millis(endpoint.deadline()));
    } else { // a saga is bounded by its steps' timeouts, not by a deadline
      traits.add(
          "saga ("
              + (endpoint.saga().async() ? "async, " : "")
              + "compensations retried up to "
              + endpoint.saga().attempts()
              + " times)");
    }
    if (endpoint.view() != null) {
      traits.add("view (maxLag " + millis(endpoint.view().maxLag()) + ")");
    }
    if (endpoint.cache() != null) {
      traits.add("answer cached " + millis(endpoint.cache().ttl()));
    }
    if (endpoint.rateLimit() != null) {
      traits.add(
          "rate limit "
              + endpoint.rateLimit().perSecond()
              + "/s, burst "
              + endpoint.rateLimit().burst());
    }
    if (endpoint.auth() != null) {
      traits.add("auth required");
    }
    return String.join(", ", traits);
  }

  /** Calls grouped by how many calls they wait for in a row: each stage starts as the last ends. */
  static List<List<CallPlan>> stages(List<CallPlan> calls) {
    int[] depth = new int[calls.size()];
    List<List<CallPlan>> stages = new ArrayList<>();
    for (CallPlan call : calls) { // a call's dependencies come before it (the plan is sorted)
      int d = 0;
      for (int dependency : call.dependsOn()) {
        d = Math.max(d, depth[dependency] + 1);
      }
      depth[call.index()] = d;
      while (stages.size() <= d) {
        stages.add(new ArrayList<>());
      }
      stages.get(d).add(call);
    }
    return stages;
  }

  private static String describe(
      EndpointPlan endpoint, CallPlan call, Map<String, Object> context) {
    StringBuilder line = new StringBuilder(call.name()).append(": ");
    line.append(call.method()).append(' ');
    List<String> bases = new ArrayList<>();
    for (ServiceAddress instance : call.service().instances()) {
      bases.add(instance.toString());
    }
    String base = bases.size() == 1 ? bases.get(0) : String.join(" | ", bases);
    String url;
    try {
      url = call.url().render(context);
    } catch (EvaluationException | UnsafeValueException | RuntimeException e) {
      // it reads another call's answer (or input this request lacks): known only when it runs
      url = call.url().source();
    }
    line.append(base).append(url);
    List<String> notes = new ArrayList<>();
    notes.add("service " + call.service().name());
    notes.add("timeout " + millis(call.timeout()));
    if (!call.dependsOn().isEmpty()) {
      List<String> waits = new ArrayList<>();
      call.dependsOn().forEach(i -> waits.add(endpoint.calls().get(i).name()));
      notes.add("after " + String.join(", ", waits));
    }
    if (call.optional()) {
      notes.add("optional");
    }
    if (call.when() != null) {
      notes.add("when " + call.when() + whenOutcome(call, context));
    }
    if (call.fanOut() != null) {
      notes.add("one per item");
    }
    if (call.cache() != null) {
      notes.add("cached " + millis(call.cache().ttl()));
    }
    if (endpoint.saga() != null && endpoint.saga().compensations().get(call.index()) != null) {
      notes.add(
          "undone by "
              + endpoint.saga().compensations().get(call.index()).method()
              + " "
              + endpoint.saga().compensations().get(call.index()).url().source());
    }
    return line.append("  (").append(String.join("; ", notes)).append(')').toString();
  }

  /** What the request alone says of a call's condition, when it reads nothing else. */
  private static String whenOutcome(CallPlan call, Map<String, Object> context) {
    try {
      return dev.mosaic.rules.expression.Truth.of(call.when().evaluate(context))
          ? ": true"
          : ": false, so skipped (its fallback stands in)";
    } catch (EvaluationException | RuntimeException e) {
      return ""; // reads a call's answer: decided when it runs
    }
  }

  private static String millis(java.time.Duration duration) {
    long ms = duration.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
