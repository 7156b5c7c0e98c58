package dev.mosaic.rules.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a config against the published JSON Schema (config/mosaic.schema.json, embedded in the
 * jar) and turns the validator's output into {@code file:line:col} problems a person can act on.
 *
 * <p>The validator reports every failing keyword on the way down (an unknown key also shows up as
 * "property does not match schema" on each ancestor), so only leaf keywords are kept, and messages
 * are written from the schema itself: the allowed keys, a definition's title and description.
 */
public final class SchemaCheck {

  private static final String BASE_URI = "https://mosaic.dev/schema/";
  private static final Set<String> LEAF_KEYWORDS =
      Set.of(
          "additionalProperties",
          "required",
          "type",
          "pattern",
          "enum",
          "minimum",
          "maximum",
          "minItems",
          "maxItems",
          "minProperties",
          "minLength",
          "const");

  private final JsonObject schema;
  private final Validator validator;

  private SchemaCheck(JsonObject schema) {
    this.schema = schema;
    this.validator =
        Validator.create(
            JsonSchema.of(schema),
            new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(BASE_URI)
                .setOutputFormat(OutputFormat.Basic));
  }

  /** The schema shipped with this build. */
  public static SchemaCheck published() {
    try (InputStream in =
        SchemaCheck.class.getResourceAsStream("/dev/mosaic/rules/mosaic.schema.json")) {
      if (in == null) {
        throw new IllegalStateException("mosaic.schema.json is missing from the classpath");
      }
      return new SchemaCheck(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void check(ConfigNode root, Problems problems) {
    Object json = root.toJson();
    if (!(json instanceof Map<?, ?> map)) {
      problems.add(root.position(), "the config must be a mapping with 'services' and 'endpoints'");
      return;
    }
    @SuppressWarnings("unchecked")
    OutputUnit out = validator.validate(new JsonObject((Map<String, Object>) map));
    if (Boolean.TRUE.equals(out.getValid()) || out.getErrors() == null) {
      return;
    }
    List<OutputUnit> errors = new ArrayList<>(out.getErrors());
    errors.sort(Comparator.comparing(OutputUnit::getInstanceLocation));
    for (OutputUnit error : errors) {
      report(root, error, problems);
    }
  }

  private void report(ConfigNode root, OutputUnit error, Problems problems) {
    String keywordPath = pointerOf(error.getAbsoluteKeywordLocation());
    String keyword = keywordPath.substring(keywordPath.lastIndexOf('/') + 1);
    if (!LEAF_KEYWORDS.contains(keyword)) {
      return;
    }
    String instancePath = pointerOf(error.getInstanceLocation());
    ConfigNode node = root.at(instancePath);
    if (node == null) {
      return;
    }
    JsonObject owner = schemaAt(keywordPath.substring(0, keywordPath.lastIndexOf('/')));
    if (pointerOf(error.getKeywordLocation()).contains("/propertyNames/")) {
      reportBadKey(root, instancePath, owner, problems);
      return;
    }
    if (keyword.equals("additionalProperties")) {
      reportUnknownKey(root, instancePath, owner, problems);
      return;
    }
    String where = describe(instancePath);
    switch (keyword) {
      case "required" -> reportMissing(node, owner, where, problems);
      case "type" ->
          problems.add(
              node.position(),
              where + "expected " + expectedType(owner) + " but found " + typeOf(node.toJson()));
      case "pattern" -> problems.add(node.position(), patternMessage(node, owner, where));
      case "enum" ->
          problems.add(
              node.position(),
              where + "'" + text(node) + "' is not one of " + owner.getJsonArray("enum").encode());
      case "minimum", "maximum" ->
          problems.add(
              node.position(), where + text(node) + " is out of range (" + range(owner) + ")");
      case "maxItems" ->
          problems.add(
              node.position(),
              where
                  + "at most "
                  + owner.getInteger("maxItems")
                  + " item(s) allowed"
                  + description(owner));
      case "minItems", "minProperties", "minLength" ->
          problems.add(node.position(), where + "must not be empty");
      default -> problems.add(node.position(), where + error.getError());
    }
  }

  /** A key that breaks a propertyNames rule: a route, a call name, a header name. */
  private static void reportBadKey(
      ConfigNode root, String instancePath, JsonObject owner, Problems problems) {
    String parentPath = instancePath.substring(0, Math.max(0, instancePath.lastIndexOf('/')));
    String key = unescape(instancePath.substring(instancePath.lastIndexOf('/') + 1));
    if (!(root.at(parentPath) instanceof ConfigNode.MapNode map)
        || map.entry(key) == null
        || owner == null) {
      return;
    }
    String description = owner.getString("description");
    problems.add(
        map.entry(key).keyPosition(),
        "bad "
            + owner.getString("title", "name")
            + " '"
            + key
            + "'"
            + (description != null ? ": expected " + description : ""));
  }

  private void reportUnknownKey(
      ConfigNode root, String objectPath, JsonObject owner, Problems problems) {
    // The validator points at the offending property; its parent holds the keys the schema knows.
    String parentPath = objectPath.substring(0, Math.max(0, objectPath.lastIndexOf('/')));
    String key = unescape(objectPath.substring(objectPath.lastIndexOf('/') + 1));
    if (owner == null || !(owner.getValue("additionalProperties") instanceof Boolean)) {
      return; // a map of named things: the nested value's own errors are reported instead
    }
    JsonObject properties = owner.getJsonObject("properties", new JsonObject());
    if (properties.containsKey(key)) {
      return; // an ancestor echo of a nested error, not an unknown key
    }
    ConfigNode parent = root.at(parentPath);
    if (!(parent instanceof ConfigNode.MapNode map) || map.entry(key) == null) {
      return;
    }
    String suggestion = Suggestions.closest(key, properties.fieldNames());
    problems.add(
        map.entry(key).keyPosition(),
        "unknown key '"
            + key
            + "'"
            + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
            + " — allowed here: "
            + String.join(", ", properties.fieldNames()));
  }

  private static void reportMissing(
      ConfigNode node, JsonObject owner, String where, Problems problems) {
    if (!(node instanceof ConfigNode.MapNode map) || owner == null) {
      return;
    }
    JsonArray required = owner.getJsonArray("required", new JsonArray());
    for (Object name : required) {
      if (map.get(name.toString()) == null) {
        problems.add(node.position(), where + "missing required field '" + name + "'");
      }
    }
  }

  private String patternMessage(ConfigNode node, JsonObject owner, String where) {
    String title = owner.getString("title", "value");
    String description = owner.getString("description");
    return where
        + "bad "
        + title
        + " '"
        + text(node)
        + "'"
        + (description != null ? ": expected " + description : "");
  }

  private static String description(JsonObject owner) {
    String description = owner.getString("description");
    return description == null ? "" : " (" + description + ")";
  }

  private static String range(JsonObject owner) {
    Object min = owner.getValue("minimum");
    Object max = owner.getValue("maximum");
    if (min != null && max != null) {
      return min + ".." + max;
    }
    return min != null ? ">= " + min : "<= " + max;
  }

  private static String expectedType(JsonObject owner) {
    Object type = owner.getValue("type");
    if (type instanceof JsonArray many) {
      return String.join(" or ", many.stream().map(Object::toString).toList());
    }
    return type == null ? "another type" : articled(type.toString());
  }

  private static String articled(String type) {
    return switch (type) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "integer" -> "an integer";
      default -> "a " + type;
    };
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "nothing (null)";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Number) {
      return "a number";
    }
    return "a string";
  }

  private static String text(ConfigNode node) {
    return node instanceof ConfigNode.ScalarNode scalar
        ? scalar.text()
        : String.valueOf(node.toJson());
  }

  /** "services.catalog.timeout: " for messages, so a problem says which field it is about. */
  private static String describe(String pointer) {
    if (pointer.isEmpty() || pointer.equals("/")) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (String token : pointer.substring(1).split("/")) {
      String name = unescape(token);
      if (name.chars().allMatch(Character::isDigit)) {
        out.append('[').append(name).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(name.contains(" ") || name.contains(".") ? "'" + name + "'" : name);
      }
    }
    return out + ": ";
  }

  private JsonObject schemaAt(String pointer) {
    Object node = schema;
    if (pointer.isEmpty()) {
      return schema;
    }
    for (String raw : pointer.substring(1).split("/")) {
      String token = unescape(raw);
      if (node instanceof JsonObject object) {
        node = object.getValue(token);
      } else if (node instanceof JsonArray array) {
        node = array.getValue(Integer.parseInt(token));
      } else {
        return null;
      }
    }
    return node instanceof JsonObject object ? object : null;
  }

  /** "https://mosaic.dev/schema/#/properties/x" or "#/x" → "/properties/x". */
  private static String pointerOf(String location) {
    int hash = location.indexOf('#');
    String pointer = hash < 0 ? location : location.substring(hash + 1);
    // the validator writes pointers as URI fragments: "GET /p" arrives as "GET%20~1p"
    pointer =
        java.net.URLDecoder.decode(
            pointer.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    return pointer.equals("/") ? "" : pointer;
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }
}
