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

  /** The view's key within its route: the same inputs in any order give the same key. */
  public String key(String route) {
    return route
        + '\n'
        + new TreeMap<>(path)
        + '\n'
        + new TreeMap<>(query)
        + '\n'
        + new TreeMap<>(headers);
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
