package dev.mosaic.rules.config;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into {@link ConfigNode}s that keep their file:line:col. SnakeYAML's node graph is used
 * rather than its object mapping because only the graph keeps the marks.
 */
public final class YamlReader {

  private static final int MAX_ALIASES = 50;

  private YamlReader() {}

  /**
   * Returns the root node, or null with the syntax or duplicate-key problems added to {@code
   * problems}.
   */
  public static ConfigNode read(String file, String text, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(true); // reported below with both positions, not thrown
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      SourcePosition at = mark == null ? new SourcePosition(file, 1, 1) : position(file, mark);
      problems.add(
          at,
          "invalid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
      return null;
    } catch (RuntimeException e) {
      problems.add(new SourcePosition(file, 1, 1), "invalid YAML: " + firstLine(e.getMessage()));
      return null;
    }
    if (root == null) {
      problems.add(new SourcePosition(file, 1, 1), "the file is empty");
      return null;
    }
    return convert(file, root, problems);
  }

  private static ConfigNode convert(String file, Node node, Problems problems) {
    SourcePosition at = position(file, node.getStartMark());
    if (node instanceof MappingNode mapping) {
      List<ConfigNode.Entry> entries = new ArrayList<>();
      Map<String, SourcePosition> firstSeen = new HashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        Node keyNode = tuple.getKeyNode();
        SourcePosition keyAt = position(file, keyNode.getStartMark());
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problems.add(keyAt, "keys must be plain strings");
          continue;
        }
        String key = scalarKey.getValue();
        SourcePosition earlier = firstSeen.putIfAbsent(key, keyAt);
        if (earlier != null) {
          problems.add(
              keyAt, "duplicate key '" + key + "' (first defined at line " + earlier.line() + ")");
          continue;
        }
        entries.add(
            new ConfigNode.Entry(key, keyAt, convert(file, tuple.getValueNode(), problems)));
      }
      return new ConfigNode.MapNode(at, List.copyOf(entries));
    }
    if (node instanceof SequenceNode sequence) {
      List<ConfigNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(file, item, problems));
      }
      return new ConfigNode.ListNode(at, List.copyOf(items));
    }
    ScalarNode scalar = (ScalarNode) node;
    return new ConfigNode.ScalarNode(at, scalarValue(scalar));
  }

  private static Object scalarValue(ScalarNode scalar) {
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    try {
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.BOOL.equals(tag)) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("true")
            || lower.equals("yes")
            || lower.equals("on")
            || lower.equals("y");
      }
      if (Tag.INT.equals(tag)) {
        String digits = text.replace("_", "");
        BigInteger big = new BigInteger(digits);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
      }
      if (Tag.FLOAT.equals(tag)) {
        return Double.parseDouble(text.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      return text; // YAML 1.1 oddities (0x1F, 1:20) stay text; the schema then says what was
      // expected
    }
    return text;
  }

  private static SourcePosition position(String file, Mark mark) {
    return new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
