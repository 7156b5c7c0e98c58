package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.SourcePosition;
import dev.mosaic.rules.config.Units;
import java.time.Duration;

/**
 * Typed reads of one mapping's fields. The schema has already reported wrong types, so a field of
 * the wrong shape reads as absent here instead of being reported twice; value checks the schema
 * cannot express (a zero timeout) are reported at the value's position.
 */
final class Fields {

  private final ConfigNode.MapNode map;
  private final Problems problems;

  Fields(ConfigNode.MapNode map, Problems problems) {
    this.map = map;
    this.problems = problems;
  }

  ConfigNode node(String key) {
    return map.get(key);
  }

  SourcePosition position() {
    return map.position();
  }

  SourcePosition position(String key) {
    ConfigNode node = map.get(key);
    return node == null ? map.position() : node.position();
  }

  String string(String key, String orElse) {
    return map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof String text
        ? text
        : orElse;
  }

  boolean bool(String key, boolean orElse) {
    return (map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof Boolean b)
        ? b
        : orElse;
  }

  int integer(String key, int orElse) {
    return map.get(key) instanceof ConfigNode.ScalarNode s
            && s.value() instanceof Long n
            && n >= Integer.MIN_VALUE
            && n <= Integer.MAX_VALUE
        ? n.intValue()
        : orElse;
  }

  long longValue(String key, long orElse) {
    return map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof Long n
        ? n
        : orElse;
  }

  /** A duration that must be greater than zero. */
  Duration duration(String key, Duration orElse) {
    String text = string(key, null);
    if (text == null) {
      return orElse;
    }
    Duration d = Units.duration(text);
    if (d == null) {
      return orElse; // the schema's pattern reported it
    }
    if (d.isZero()) {
      problems.add(position(key), key + ": must be greater than 0");
      return orElse;
    }
    return d;
  }

  long size(String key, long orElse) {
    String text = string(key, null);
    long bytes = text == null ? -1 : Units.size(text);
    if (text != null && bytes == 0) {
      problems.add(position(key), key + ": must be greater than 0");
    }
    return bytes > 0 ? bytes : orElse;
  }

  /** An integer that must be at least {@code min}; reported at the value and replaced otherwise. */
  int atLeast(String key, int min, int orElse) {
    return between(key, min, Integer.MAX_VALUE, orElse);
  }

  int between(String key, int min, int max, int orElse) {
    if (!(map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof Long n)) {
      return orElse; // the schema reported the type
    }
    if (n < min || n > max) {
      problems.add(
          position(key),
          key
              + ": must be "
              + (max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max)
              + ", not "
              + n);
      return orElse;
    }
    return n.intValue();
  }

  double number(String key, double orElse) {
    return map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof Number n
        ? n.doubleValue()
        : orElse;
  }

  /** "10%" as 0.1; more than 100% is reported. */
  double percent(String key, double orElse) {
    String text = string(key, null);
    if (text == null || !text.endsWith("%")) {
      return orElse; // absent, or the schema's pattern reported it
    }
    double share = Double.parseDouble(text.substring(0, text.length() - 1)) / 100;
    if (share > 1) {
      problems.add(position(key), key + ": " + text + " is more than 100%");
      return orElse;
    }
    return share;
  }

  void problem(String key, String message) {
    problems.add(position(key), message);
  }

  ConfigNode.MapNode map(String key) {
    return map.get(key) instanceof ConfigNode.MapNode m ? m : null;
  }
}
