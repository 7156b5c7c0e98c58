package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.SourcePosition;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code server.secrets} and resolves {@code ${secret:name}} references at compile time. The
 * source is a directory with one file per secret, named after it (as Kubernetes and Docker mount
 * secrets; one trailing newline is dropped), or a YAML file mapping names to values. Never
 * environment variables: they leak into child processes, crash dumps and {@code /proc}.
 *
 * <p>A value is read only when the config refers to it, and must fit in a header value: no line
 * break or other control character. Problems name the secret and the file, never the value.
 */
final class SecretReader {

  /** Secret names: safe as a file name (no '/', never '.' or '..') and in a message. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private static final String OPEN = "${secret:";

  /** One {@code ${secret:name}} in a config text: where it starts and ends, and the name. */
  record Reference(int start, int end, String name) {}

  private final Path source;
  private final SourcePosition sourcePosition;
  private final Problems problems;
  private final Map<String, String> used = new HashMap<>();

  /** A YAML source's entries (null for a value that is not text), read on first use. */
  private Map<String, String> fileValues;

  private boolean unreadable;

  private SecretReader(Path source, SourcePosition sourcePosition, Problems problems) {
    this.source = source;
    this.sourcePosition = sourcePosition;
    this.problems = problems;
  }

  /** A reader with no source: every reference is reported as needing server.secrets. */
  static SecretReader none(Problems problems) {
    return new SecretReader(null, null, problems);
  }

  /**
   * @param server the {@code server:} mapping, or null
   * @param directory what a relative {@code secrets} path is resolved against: the config's
   *     directory
   */
  static SecretReader of(ConfigNode.MapNode server, Path directory, Problems problems) {
    ConfigNode node = server == null ? null : server.get("secrets");
    if (!(node instanceof ConfigNode.ScalarNode s) || !(s.value() instanceof String text)) {
      return new SecretReader(null, null, problems);
    }
    Path path;
    try {
      path = directory.resolve(text).normalize();
    } catch (InvalidPathException e) {
      problems.add(node.position(), "server.secrets: '" + text + "' is not a path");
      return new SecretReader(null, null, problems);
    }
    SecretReader reader = new SecretReader(path, node.position(), problems);
    if (!Files.exists(path)) {
      problems.add(
          node.position(),
          "server.secrets: "
              + path
              + " does not exist (a directory with one file"
              + " per secret, or a YAML file of name: value)");
      reader.unreadable = true;
    } else if (!Files.isReadable(path)) {
      problems.add(node.position(), "server.secrets: " + path + " cannot be read by this process");
      reader.unreadable = true;
    }
    return reader;
  }

  /**
   * The <code>${secret:...}</code> references in {@code text}, left to right; <code>$${</code> is
   * literal text.
   */
  static List<Reference> references(String text) {
    List<Reference> references = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        i += 3;
      } else if (text.startsWith(OPEN, i)) {
        int close = text.indexOf('}', i);
        if (close < 0) {
          break; // the template compiler reports the unclosed ${
        }
        references.add(new Reference(i, close + 1, text.substring(i + OPEN.length(), close)));
        i = close + 1;
      } else {
        i++;
      }
    }
    return references;
  }

  /**
   * @return the secret's value, or null with a problem at {@code at}
   */
  String resolve(String name, SourcePosition at) {
    if (!NAME.matcher(name).matches()) {
      problems.add(
          at,
          "'"
              + name
              + "' is not a secret name: letters, digits, '_', '.' and '-',"
              + " not starting with '.', at most 128");
      return null;
    }
    if (source == null) {
      problems.add(
          at,
          "${secret:"
              + name
              + "} needs server.secrets: the directory or YAML file secrets are read from");
      return null;
    }
    if (unreadable) {
      problems.add(
          at,
          "secret '"
              + name
              + "' cannot be read: server.secrets at line "
              + sourcePosition.line()
              + " is unusable");
      return null;
    }
    if (used.containsKey(name)) {
      return used.get(name);
    }
    String value = Files.isDirectory(source) ? fromDirectory(name, at) : fromFile(name, at);
    if (value == null) {
      return null;
    }
    if (value.isEmpty()) {
      problems.add(at, "secret '" + name + "' in " + source + " is empty");
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        problems.add(
            at,
            "secret '"
                + name
                + "' in "
                + source
                + " holds a line break or another control"
                + " character (at character "
                + (i + 1)
                + "), which a header value cannot");
        return null;
      }
    }
    used.put(name, value);
    return value;
  }

  /** What the config used, for the plan. */
  Secrets secrets() {
    return source == null ? Secrets.NONE : new Secrets(source.toString(), used);
  }

  private String fromDirectory(String name, SourcePosition at) {
    Path file = source.resolve(name);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      problems.add(at, "unknown secret '" + name + "': there is no file " + file);
      return null;
    } catch (IOException e) {
      problems.add(
          at,
          "secret '"
              + name
              + "': "
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
      return null;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      problems.add(at, "secret '" + name + "': " + file + " is not UTF-8 text");
      return null;
    }
    // the newline an editor or `echo` leaves at the end is not part of the secret
    if (text.endsWith("\n")) {
      text = text.substring(0, text.length() - 1);
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
    }
    return text;
  }

  private String fromFile(String name, SourcePosition at) {
    if (fileValues == null && !readFile()) {
      problems.add(
          at,
          "secret '"
              + name
              + "' cannot be read: server.secrets at line "
              + sourcePosition.line()
              + " is unusable");
      return null;
    }
    if (!fileValues.containsKey(name)) {
      problems.add(
          at,
          "unknown secret '"
              + name
              + "': "
              + source
              + " has no such key"
              + (fileValues.isEmpty()
                  ? ""
                  : " (it has: " + String.join(", ", new TreeSet<>(fileValues.keySet())) + ")"));
      return null;
    }
    String value = fileValues.get(name);
    if (value == null) {
      problems.add(at, "secret '" + name + "' in " + source + " is not a single text value");
    }
    return value;
  }

  /** Reads the YAML source once; problems name lines and columns, never a snippet of the file. */
  private boolean readFile() {
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      problems.add(
          sourcePosition,
          "server.secrets: " + source + " cannot be read (" + e.getClass().getSimpleName() + ")");
      unreadable = true;
      return false;
    }
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      String where =
          e.getProblemMark() == null
              ? ""
              : " at line "
                  + (e.getProblemMark().getLine() + 1)
                  + ", column "
                  + (e.getProblemMark().getColumn() + 1);
      problems.add(
          sourcePosition,
          "server.secrets: "
              + source
              + " is not valid YAML"
              + where
              + " (details withheld: the file holds secrets)");
      unreadable = true;
      return false;
    } catch (RuntimeException e) {
      problems.add(sourcePosition, "server.secrets: " + source + " is not valid YAML");
      unreadable = true;
      return false;
    }
    if (!(root instanceof MappingNode mapping)) {
      problems.add(
          sourcePosition, "server.secrets: " + source + " must be a YAML mapping of name: value");
      unreadable = true;
      return false;
    }
    fileValues = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key) {
        // the text as written (quotes removed): a password of digits stays digits, not a number
        fileValues.put(
            key.getValue(),
            tuple.getValueNode() instanceof ScalarNode value ? value.getValue() : null);
      }
    }
    return true;
  }
}
