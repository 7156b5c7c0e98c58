package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.expression.ValueTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads an endpoint's {@code view:} and {@code announce:}. A view is one stored answer per input,
 * shared by every client: it can only be a composed GET whose answer does not depend on who asks,
 * and it replaces the response cache rather than stacking on it. An announcement is a write's.
 */
final class ViewReader {

  private ViewReader() {}

  /**
   * @param readsIdentity why the endpoint's answer depends on who asks, or null when it does not
   * @return the view, or null when there is none or it has problems (added)
   */
  static ViewPlan view(
      Fields endpoint,
      Route route,
      boolean passthrough,
      boolean cached,
      String readsIdentity,
      Problems problems) {
    ConfigNode.MapNode node = endpoint.map("view");
    if (node == null) {
      return null;
    }
    int before = problems.count();
    String method = route.method();
    if (!method.equals("GET")) {
      problems.add(node.position(), "a view is a stored read: only GET endpoints can have one");
    } else if (passthrough) {
      problems.add(
          node.position(),
          "a view stores a composed answer: this endpoint passes one call's answer through"
              + " unparsed (add response: or a second call, or drop view:)");
    } else if (cached) {
      problems.add(
          node.position(),
          "an endpoint has a view or a cache, not both: the view is its store (drop cache:)");
    } else if (readsIdentity != null) {
      problems.add(
          node.position(),
          "a view is one answer for every client, but this endpoint's answer depends on who asks ("
              + readsIdentity
              + ")");
    }
    Fields f = new Fields(node, problems);
    List<ValueTemplate> tags = CacheReader.inputTags(f, "a view tag", problems);
    Duration maxLag = f.duration("maxLag", ViewPlan.DEFAULT_MAX_LAG); // the schema wants > 0
    List<Map<String, String>> keys = keys(f, route, problems);
    return problems.count() > before ? null : new ViewPlan(tags, maxLag, keys);
  }

  /**
   * {@code keys:}, the views composed at start: each names every path parameter, with a value its
   * pattern accepts, and nothing else.
   */
  private static List<Map<String, String>> keys(Fields view, Route route, Problems problems) {
    List<Map<String, String>> keys = new ArrayList<>();
    if (!(view.node("keys") instanceof ConfigNode.ListNode list)) {
      return keys;
    }
    for (ConfigNode item : list.items()) {
      if (!(item instanceof ConfigNode.MapNode key)) {
        continue; // the schema reported the shape
      }
      int before = problems.count();
      Map<String, String> values = new LinkedHashMap<>();
      for (ConfigNode.Entry entry : key.entries()) {
        String name = entry.key();
        Object value = entry.value() instanceof ConfigNode.ScalarNode s ? s.value() : null;
        Pattern pattern = route.patterns().get(name);
        if (!route.params().contains(name)) {
          problems.add(
              entry.keyPosition(),
              "view.keys: '" + name + "' is not a path parameter of " + route.path());
        } else if (!(value instanceof String) && !(value instanceof Number)) {
          problems.add(entry.keyPosition(), "view.keys: '" + name + "' needs a value");
        } else if (pattern != null && !pattern.matcher(value.toString()).matches()) {
          problems.add(
              entry.keyPosition(),
              "view.keys: '" + value + "' does not match " + name + "'s pattern " + pattern);
        } else {
          values.put(name, value.toString());
        }
      }
      if (values.size() == route.params().size()) {
        keys.add(values);
      } else if (problems.count() == before) {
        problems.add(
            key.position(),
            "view.keys: each key names every path parameter (" + route.params() + ")");
      }
    }
    return keys;
  }

  /** A write's {@code announce:} tags and the names they read, for the endpoint to check. */
  record Announcement(List<ValueTemplate> tags, List<TemplateCompiler.Use> uses) {
    static final Announcement NONE = new Announcement(List.of(), List.of());
  }

  static Announcement announce(Fields endpoint, String method, Problems problems) {
    ConfigNode node = endpoint.node("announce");
    if (!(node instanceof ConfigNode.ListNode list)) {
      return Announcement.NONE;
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      problems.add(
          node.position(), "announce: names what a write changed; this endpoint is a " + method);
      return Announcement.NONE;
    }
    TemplateCompiler compiler = new TemplateCompiler(problems);
    List<ValueTemplate> tags = new java.util.ArrayList<>();
    for (ConfigNode item : list.items()) {
      ValueTemplate tag = compiler.value(item);
      if (tag != null) {
        tags.add(tag);
      }
    }
    return new Announcement(tags, compiler.uses());
  }
}
