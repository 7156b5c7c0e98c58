package dev.mosaic.rules.plan;

import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An endpoint's {@code view:}: its answers are stored per input and recomposed when a change event
 * names one of their tags, and served from the store while it is at most {@code maxLag} behind.
 *
 * @param tags rendered from the client's input only, so a view's tags are known before it is
 *     composed
 * @param keys the views composed when the gateway starts: path parameter values by name
 */
public record ViewPlan(List<ValueTemplate> tags, Duration maxLag, List<Map<String, String>> keys) {

  public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(5);

  public ViewPlan {
    tags = List.copyOf(tags);
    keys = keys.stream().map(Map::copyOf).toList();
  }
}
