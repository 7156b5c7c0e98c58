package dev.mosaic.rules.config;

import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

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
    return read(file, text, System::getenv, problems);
  }

  /**
   * @param env the environment {@code ${env:NAME}} references read (the process's, or a test's)
   */
  public static ConfigNode read(
      String file, String text, Function<String, String> env, Problems problems) {
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
    try {
      return convert(file, root, env, problems);
    } catch (UnresolvedReference e) {
      return null; // the rest would only repeat it (a URL with a hole in it, a missing port)
    }
  }

  /** A reference could not be resolved (the problem is added): the file is not read further. */
  private static final class UnresolvedReference extends RuntimeException {
    UnresolvedReference() {
      super(null, null, false, false);
    }
  }

  /** Keys whose values are credentials: they come from secret files, never the environment. */
  private static final java.util.Set<String> CREDENTIALS =
      java.util.Set.of("authorization", "proxy-authorization", "cookie", "x-api-key", "api-key");

  private static ConfigNode convert(
      String file, Node node, Function<String, String> env, Problems problems) {
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
        if (CREDENTIALS.contains(key.toLowerCase(Locale.ROOT))
            && tuple.getValueNode() instanceof ScalarNode value
            && EnvReferences.in(value.getValue())) {
          problems.add(
              position(file, value.getStartMark()),
              "'"
                  + key
                  + "' holds a credential: put it in a file under server.secrets and write"
                  + " ${secret:name}, not ${env:...} (the environment leaks into process listings,"
                  + " crash dumps and child processes)");
          continue;
        }
        entries.add(
            new ConfigNode.Entry(key, keyAt, convert(file, tuple.getValueNode(), env, problems)));
      }
      return new ConfigNode.MapNode(at, List.copyOf(entries));
    }
    if (node instanceof SequenceNode sequence) {
      List<ConfigNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(file, item, env, problems));
      }
      return new ConfigNode.ListNode(at, List.copyOf(items));
    }
    ScalarNode scalar = (ScalarNode) node;
    String text = scalar.getValue();
    if (!EnvReferences.in(text)) {
      return new ConfigNode.ScalarNode(at, scalarValue(text, scalar.getTag()));
    }
    boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
    SourcePosition textAt =
        plain ? at : new SourcePosition(at.file(), at.line(), at.column() + 1); // past the quote
    String resolved = EnvReferences.resolve(text, textAt, env, problems);
    if (resolved == null) {
      throw new UnresolvedReference();
    }
    // a value that is one reference reads as YAML would read what it stands for (port: 8080 is a
    // number), quoted or not: a flow mapping needs the quotes; text around a reference makes text
    Tag tag = EnvReferences.whole(text) ? RESOLVER.resolve(NodeId.scalar, resolved, true) : Tag.STR;
    return new ConfigNode.ScalarNode(at, scalarValue(resolved, tag));
  }

  private static final Resolver RESOLVER = new Resolver();

  private static Object scalarValue(String text, Tag tag) {
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
