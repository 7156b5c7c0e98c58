package dev.mosaic.rules.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so every later check can say file:line:col.
 * Only three shapes exist after loading: mappings with string keys, sequences and scalars.
 */
public sealed interface ConfigNode
    permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ScalarNode {

  SourcePosition position();

  /** The plain JSON value (Map, List, String, Number, Boolean or null) without positions. */
  Object toJson();

  /** One key of a mapping, with the position of the key itself (typos are reported there). */
  record Entry(String key, SourcePosition keyPosition, ConfigNode value) {}

  record MapNode(SourcePosition position, List<Entry> entries) implements ConfigNode {

    public ConfigNode get(String key) {
      for (Entry e : entries) {
        if (e.key.equals(key)) {
          return e.value;
        }
      }
      return null;
    }

    public Entry entry(String key) {
      for (Entry e : entries) {
        if (e.key.equals(key)) {
          return e;
        }
      }
      return null;
    }

    @Override
    public Object toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      for (Entry e : entries) {
        json.put(e.key, e.value.toJson());
      }
      return json;
    }
  }

  record ListNode(SourcePosition position, List<ConfigNode> items) implements ConfigNode {
    @Override
    public Object toJson() {
      List<Object> json = new ArrayList<>(items.size());
      for (ConfigNode item : items) {
        json.add(item.toJson());
      }
      return json;
    }
  }

  /**
   * A scalar already resolved to its JSON type (YAML's {@code 5} is a number, {@code "5"} a
   * string).
   */
  record ScalarNode(SourcePosition position, Object value) implements ConfigNode {
    @Override
    public Object toJson() {
      return value;
    }

    public String text() {
      return value == null ? "null" : value.toString();
    }
  }

  /**
   * Follows a JSON pointer such as {@code /services/catalog/urls/0}; null when it leads nowhere.
   */
  default ConfigNode at(String pointer) {
    ConfigNode node = this;
    String path = pointer.startsWith("#") ? pointer.substring(1) : pointer;
    if (path.isEmpty() || path.equals("/")) {
      return node;
    }
    for (String raw : path.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (node instanceof MapNode map) {
        node = map.get(token);
      } else if (node instanceof ListNode list) {
        int index;
        try {
          index = Integer.parseInt(token);
        } catch (NumberFormatException e) {
          return null;
        }
        node = index >= 0 && index < list.items().size() ? list.items().get(index) : null;
      } else {
        return null;
      }
      if (node == null) {
        return null;
      }
    }
    return node;
  }
}
