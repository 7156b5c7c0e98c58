package dev.mosaic.gateway.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * JSON to and from the plain Java values (Map, List, String, Number, Boolean, null) that JSONata
 * evaluates over. Jackson directly, not Vert.x's JsonObject, so nested values are never wrapped.
 */
public final class JsonCodec {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private JsonCodec() {}

  /** @return the value; null for an empty body */
  public static Object parse(Buffer body) throws IOException {
    if (body == null || body.length() == 0) {
      return null;
    }
    return MAPPER.readValue(body.getBytes(), Object.class);
  }

  public static Object parse(byte[] body) throws IOException {
    return body.length == 0 ? null : MAPPER.readValue(body, Object.class);
  }

  public static Buffer encode(Object value) {
    try {
      return Buffer.buffer(MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a shaped value could not be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
