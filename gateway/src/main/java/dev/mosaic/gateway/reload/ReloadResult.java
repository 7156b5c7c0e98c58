package dev.mosaic.gateway.reload;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What one reload did.
 *
 * @param outcome applied, unchanged, or rejected
 * @param generation the generation serving afterwards
 * @param problems for a rejected config, each with its file:line:col
 * @param restartRequired settings that changed but only take effect on restart (ports, cache sizes)
 */
public record ReloadResult(
    String outcome, long generation, List<String> problems, List<String> restartRequired) {

  public static final String APPLIED = "applied";
  public static final String UNCHANGED = "unchanged";
  public static final String REJECTED = "rejected";

  public boolean rejected() {
    return REJECTED.equals(outcome);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("result", outcome)
        .put("generation", generation)
        .put("problems", new JsonArray(problems))
        .put("restartRequired", new JsonArray(restartRequired));
  }
}
