package dev.mosaic.gateway.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The running config as the admin API shows it: the YAML as written, as JSON, with every value that
 * may be a credential replaced. What counts as one is decided by where it sits, not by what it
 * looks like: service headers (fixed headers are how a gateway carries API keys) and the span
 * export's headers (a collector's key), keys named like secrets, and the user information of URLs.
 * {@code ${secret:name}} references stay: they name a secret, they do not hold it.
 */
final class RedactedConfig {

  static final String REDACTED = "<redacted>";
  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(password|passwd|secret|token|authorization|api[-_]?key|credential|cookie|private[-_]?key).*");
  private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

  /**
   * Nothing but references, perhaps after an auth scheme: "Bearer ${secret:token}" holds no secret.
   */
  private static final Pattern REFERENCES_ONLY =
      Pattern.compile("([A-Za-z][A-Za-z0-9-]* )?(\\$\\{secret:[A-Za-z0-9_.-]+})+");

  private RedactedConfig() {}

  static JsonObject of(String yaml) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    Object redacted = redact(root, List.of());
    return redacted instanceof Map<?, ?> map ? new JsonObject(stringKeys(map)) : new JsonObject();
  }

  private static Object redact(Object value, List<String> path) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        List<String> at = append(path, key);
        out.put(key, secretAt(at, e.getValue()) ? REDACTED : redact(e.getValue(), at));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      return new JsonArray(list.stream().map(item -> redact(item, path)).toList());
    }
    if (value instanceof String text) {
      return URL_USER_INFO.matcher(text).replaceAll(REDACTED + "@");
    }
    return value instanceof Number || value instanceof Boolean || value == null
        ? value
        : String.valueOf(value);
  }

  /** services.NAME.headers.* holds fixed credentials; any key named like a secret holds one. */
  private static boolean secretAt(List<String> path, Object value) {
    int n = path.size();
    if (SECRET_KEY.matcher(path.get(n - 1)).matches()
        && (value instanceof Map || value instanceof List)) {
      return true; // a secret-named list or mapping is redacted whole: its inner keys need not look
      // secret
    }
    if (value instanceof Map || value instanceof List) {
      return n == 4 && path.get(0).equals("services") && path.get(2).equals("headers");
    }
    if (value instanceof String text && REFERENCES_ONLY.matcher(text).matches()) {
      return false;
    }
    if (n == 2 && path.get(0).equals("server") && path.get(1).equals("secrets")) {
      return false; // where secrets are read from, not one
    }
    boolean serviceHeader =
        n == 4 && path.get(0).equals("services") && path.get(2).equals("headers");
    return serviceHeader || exportHeader(path) || SECRET_KEY.matcher(path.get(n - 1)).matches();
  }

  /** server.tracing.otlp.headers.*: a collector's key travels there, whatever its name. */
  private static boolean exportHeader(List<String> path) {
    return path.size() == 5
        && path.get(0).equals("server")
        && path.get(1).equals("tracing")
        && path.get(2).equals("otlp")
        && path.get(3).equals("headers");
  }

  private static List<String> append(List<String> path, String key) {
    java.util.ArrayList<String> at = new java.util.ArrayList<>(path);
    at.add(key);
    return at;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
