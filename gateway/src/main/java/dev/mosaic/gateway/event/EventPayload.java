package dev.mosaic.gateway.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The one shape of a change event, on the stream (its {@code event} field) and on the legacy
 * pub/sub channel alike: {@code {"tags":["product:42","stock:42"]}}.
 */
public final class EventPayload {

  /** The stream entry's field holding the payload. */
  public static final String FIELD = "event";

  private EventPayload() {}

  public static String encode(List<String> tags) {
    return new JsonObject().put("tags", new JsonArray(tags)).encode();
  }

  /**
   * @throws IllegalArgumentException when {@code text} is not an object whose {@code tags} is a
   *     non-empty list of strings
   */
  public static List<String> tags(String text) {
    Object tags;
    try {
      tags = new JsonObject(text).getValue("tags");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a JSON object", e);
    }
    if (!(tags instanceof JsonArray list) || list.isEmpty()) {
      throw new IllegalArgumentException("no \"tags\" list");
    }
    List<String> names = new ArrayList<>(list.size());
    for (Object tag : list) {
      if (!(tag instanceof String name) || name.isEmpty()) {
        throw new IllegalArgumentException("a tag that is not a non-empty string: " + tag);
      }
      names.add(name);
    }
    return names;
  }
}
