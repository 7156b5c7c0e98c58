package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles an endpoint's route key ({@code GET /products/{id}}) and its {@code params:} into a
 * {@link Route}: the method, the path, its parameters and the patterns they must match.
 */
final class RouteCompiler {

  private static final Pattern ROUTE = Pattern.compile("(GET|POST|PUT|PATCH|DELETE) (/\\S*)");
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private RouteCompiler() {}

  /**
   * @param params the endpoint's {@code params:}, or null
   * @return the route, or null when the key is none (the schema reported it)
   */
  static Route compile(ConfigNode.Entry entry, ConfigNode.MapNode params, Problems problems) {
    Matcher route = ROUTE.matcher(entry.key());
    if (!route.matches()) {
      return null;
    }
    String path = route.group(2);
    List<String> names = pathParams(entry, path, problems);
    return new Route(route.group(1), path, names, paramPatterns(params, names, problems));
  }

  private static List<String> pathParams(ConfigNode.Entry entry, String path, Problems problems) {
    for (String segment : path.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        problems.add(
            entry.keyPosition(),
            "'" + segment + "' segments never match: request paths are normalised");
      }
    }
    List<String> params = new ArrayList<>();
    Matcher m = PARAM.matcher(path);
    while (m.find()) {
      if (params.contains(m.group(1))) {
        problems.add(
            entry.keyPosition(), "path parameter '" + m.group(1) + "' appears twice in the route");
      }
      params.add(m.group(1));
    }
    return params;
  }

  private static Map<String, Pattern> paramPatterns(
      ConfigNode.MapNode node, List<String> params, Problems problems) {
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    if (node == null) {
      return patterns;
    }
    for (ConfigNode.Entry e : node.entries()) {
      if (!params.contains(e.key())) {
        String suggestion = Suggestions.closest(e.key(), params);
        problems.add(
            e.keyPosition(),
            "'"
                + e.key()
                + "' is not a parameter of the route"
                + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
                + "; parameters: "
                + params);
        continue;
      }
      if (e.value() instanceof ConfigNode.ScalarNode s && s.value() instanceof String regex) {
        try {
          patterns.put(e.key(), Pattern.compile(regex));
        } catch (PatternSyntaxException ex) {
          problems.add(
              e.value().position(),
              "bad regular expression for '" + e.key() + "': " + ex.getDescription());
        }
      }
    }
    return patterns;
  }
}
