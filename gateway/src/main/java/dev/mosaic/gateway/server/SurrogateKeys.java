package dev.mosaic.gateway.server;

import dev.mosaic.gateway.cache.CacheTags;
import dev.mosaic.gateway.execution.CallRequests;
import dev.mosaic.rules.plan.CallPlan;
import dev.mosaic.rules.plan.EndpointPlan;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Surrogate-Key} of a composed answer: the tags of its response cache and of its calls'
 * fragments, rendered for this request, space-separated. A CDN in front purges by them on the same
 * invalidation Mosaic's own caches get.
 */
final class SurrogateKeys {

  private SurrogateKeys() {}

  static String of(EndpointPlan endpoint, Map<String, Object> context) {
    Set<String> keys = new LinkedHashSet<>();
    if (endpoint.cache() != null) {
      keys.addAll(CacheTags.render(endpoint.cache().tags(), context));
    }
    for (CallPlan call : endpoint.calls()) {
      keys.addAll(CallRequests.tags(call, context));
    }
    keys.removeIf(key -> key.isEmpty() || key.contains(" "));
    return String.join(" ", keys);
  }
}
