package dev.mosaic.gateway.view;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The client's input a view is composed from: path parameters, query parameters and the headers the
 * endpoint reads. All a view's answer depends on, so it is both its key and what a background
 * recomposition feeds the plan.
 */
public record ViewInputs(
    Map<String, Object> path, Map<String, Object> query, Map<String, Object> headers) {

  public ViewInputs {
    path = Map.copyOf(path);
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /**
   * The view's key: the route, the config it was composed under, and the inputs as canonical JSON
   * (sorted names, escaped values), so different inputs never share a key and the same inputs in
   * any order do.
   *
   * @param configVersion changes when the config does: a reload or restart with another config
   *     never serves a view composed under the old one
   */
  public String key(String route, String configVersion) {
    return route + '\n' + configVersion + '\n' + toJson().encode();
  }

  /**
   * A short digest of the config's text ("none" without one): part of every view's key, so a view
   * composed under one config is never served under another (a reload may change its calls, shape
   * or tags), while a restart with the same file finds its views in Redis again.
   */
  public static String configVersion(String configText) {
    if (configText == null) {
      return "none";
    }
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(configText.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("path", new JsonObject(new TreeMap<>(path)))
        .put("query", new JsonObject(new TreeMap<>(query)))
        .put("headers", new JsonObject(new TreeMap<>(headers)));
  }

  public static ViewInputs fromJson(JsonObject json) {
    return new ViewInputs(
        json.getJsonObject("path").getMap(),
        json.getJsonObject("query").getMap(),
        json.getJsonObject("headers").getMap());
  }
}
