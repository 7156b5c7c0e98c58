package dev.mosaic.gateway.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to and from the plain Java values (Map, List, String, Number, Boolean, null) that JSONata
 * evaluates over. Jackson directly, not Vert.x's JsonObject, so nested values are never wrapped.
 */
public final class JsonCodec {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .registerModule(new SimpleModule().addSerializer(Double.class, new WholeDoubles()));

  /** The mapper's factory: the same read limits (nesting, lengths) for the streaming path. */
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private JsonCodec() {}

  /**
   * @return the value; null for an empty body
   * @throws IOException when the body is not one JSON value (trailing content included)
   */
  public static Object parse(Buffer body) throws IOException {
    if (body == null || body.length() == 0) {
      return null;
    }
    try (JsonParser parser = FACTORY.createParser(body.getBytes())) {
      Object value = read(parser, parser.nextToken());
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "more than one JSON value");
      }
      return value;
    }
  }

  /**
   * A streaming read into maps and lists, as Jackson's untyped deserializer would build them
   * (objects in their order, Integer/Long/BigInteger, Double), without its per-call context: in the
   * S2 profile the databind path cost about a third more than the parse itself.
   */
  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      throw new JsonParseException(parser, "no JSON value");
    }
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          object.put(name, read(parser, parser.nextToken()));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        for (JsonToken item = parser.nextToken();
            item != JsonToken.END_ARRAY;
            item = parser.nextToken()) {
          array.add(read(parser, item));
        }
        yield array;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "unexpected " + token);
    };
  }

  /**
   * JSONata computes in doubles: {@code $number("42")} is 42.0. JSON has one number type, and
   * clients expect the 42 that JSONata itself would print, so whole values are written without a
   * fraction.
   */
  private static final class WholeDoubles extends StdSerializer<Double> {
    private static final double EXACT_LIMIT = 9.007199254740992E15; // 2^53

    WholeDoubles() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      write(value, json);
    }

    static void write(double d, JsonGenerator json) throws IOException {
      if (d == Math.rint(d) && Math.abs(d) < EXACT_LIMIT) {
        json.writeNumber((long) d);
      } else {
        json.writeNumber(d);
      }
    }
  }

  public static Buffer encode(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      write(json, value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a shaped value could not be written as JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return Buffer.buffer(bytes.toByteArray());
  }

  /**
   * The plain values written directly; anything else (a value a JSONata function made) as the
   * mapper writes it. Directly, a map or list costs no serializer look-up per entry.
   */
  private static void write(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof String text) {
      json.writeString(text);
    } else if (value instanceof Map<?, ?> object) {
      json.writeStartObject();
      for (Map.Entry<?, ?> field : object.entrySet()) {
        json.writeFieldName(String.valueOf(field.getKey()));
        write(json, field.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List<?> array) {
      json.writeStartArray();
      for (Object item : array) {
        write(json, item);
      }
      json.writeEndArray();
    } else if (value instanceof Integer number) {
      json.writeNumber(number);
    } else if (value instanceof Long number) {
      json.writeNumber(number);
    } else if (value instanceof Double number) {
      WholeDoubles.write(number, json);
    } else if (value instanceof Boolean flag) {
      json.writeBoolean(flag);
    } else {
      MAPPER.writeValue(json, value);
    }
  }
}
