package dev.mosaic.gateway.execution;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * JSON to and from the plain Java values (Map, List, String, Number, Boolean, null) that JSONata
 * evaluates over. Jackson directly, not Vert.x's JsonObject, so nested values are never wrapped.
 */
public final class JsonCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .registerModule(new SimpleModule().addSerializer(Double.class, new WholeDoubles()));

  private JsonCodec() {}

  /** @return the value; null for an empty body */
  public static Object parse(Buffer body) throws IOException {
    if (body == null || body.length() == 0) {
      return null;
    }
    return MAPPER.readValue(body.getBytes(), Object.class);
  }


  /**
   * JSONata computes in doubles: {@code $number("42")} is 42.0. JSON has one number type, and
   * clients expect the 42 that JSONata itself would print, so whole values are written without
   * a fraction.
   */
  private static final class WholeDoubles extends StdSerializer<Double> {
    private static final double EXACT_LIMIT = 9.007199254740992E15; // 2^53

    WholeDoubles() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator json, SerializerProvider provider) throws IOException {
      double d = value;
      if (d == Math.rint(d) && Math.abs(d) < EXACT_LIMIT) {
        json.writeNumber((long) d);
      } else {
        json.writeNumber(d);
      }
    }
  }

  public static Buffer encode(Object value) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a shaped value could not be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
