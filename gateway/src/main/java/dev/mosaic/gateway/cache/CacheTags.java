package dev.mosaic.gateway.cache;

import dev.mosaic.rules.expression.EvaluationException;
import dev.mosaic.rules.expression.JsonText;
import dev.mosaic.rules.expression.ValueTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders cache tags for one request from the client's input. */
public final class CacheTags {

  private CacheTags() {}

  /**
   * A tag whose value is missing (an absent query parameter) is left out rather than failing the
   * request.
   */
  public static List<String> render(List<ValueTemplate> tags, Map<String, ?> context) {
    if (tags.isEmpty()) {
      return List.of();
    }
    List<String> rendered = new ArrayList<>(tags.size());
    for (ValueTemplate tag : tags) {
      try {
        Object value = tag.render(context);
        if (value != null) {
          rendered.add(JsonText.asText(value));
        }
      } catch (EvaluationException e) {
        // no tag rather than no answer
      }
    }
    return rendered;
  }
}
