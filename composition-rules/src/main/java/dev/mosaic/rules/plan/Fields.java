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
    return map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof String text ? text : orElse;
  }

  boolean bool(String key, boolean orElse) {
    return map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof Boolean b ? b : orElse;
  }

  int integer(String key, int orElse) {
    return map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof Long n
        && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? n.intValue() : orElse;
  }

  long longValue(String key, long orElse) {
    return map.get(key) instanceof ConfigNode.ScalarNode s && s.value() instanceof Long n ? n : orElse;
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

  ConfigNode.MapNode map(String key) {
    return map.get(key) instanceof ConfigNode.MapNode m ? m : null;
  }
}
