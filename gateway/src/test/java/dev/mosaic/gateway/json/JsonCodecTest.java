package dev.mosaic.gateway.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming codec reads and writes what Jackson's untyped databind path did. */
class JsonCodecTest {

  private static final ObjectMapper DATABIND = new ObjectMapper();

  @Test
  void readsGeneratedDocumentsAsDatabindDoes() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] json = DATABIND.writeValueAsBytes(value(random, 4));
      Object expected = DATABIND.readValue(json, Object.class);
      Object parsed = JsonCodec.parse(Buffer.buffer(json));
      assertEquals(expected, parsed, new String(json));
      if (expected != null) {
        assertEquals(expected.getClass(), parsed.getClass());
      }
      // and writes them back byte for byte (no fractions here but the ones JSON had)
      assertEquals(new String(json), JsonCodec.encode(parsed).toString());
    }
  }

  @Test
  void keepsEachNumbersWidth() throws IOException {
    Object parsed =
        JsonCodec.parse(Buffer.buffer("[1, 12345678901, 123456789012345678901234, 1.5, 2e3]"));
    assertEquals(
        List.of(1, 12345678901L, new BigInteger("123456789012345678901234"), 1.5, 2000.0), parsed);
  }

  @Test
  void writesWholeDoublesWithoutAFraction() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("whole", 42.0);
    value.put("half", 0.5);
    value.put("huge", 1e300);
    value.put("list", List.of(3.0, -0.0));
    assertEquals(
        "{\"whole\":42,\"half\":0.5,\"huge\":1.0E300,\"list\":[3,0]}",
        JsonCodec.encode(value).toString());
  }

  @Test
  void refusesWhatIsNotOneJsonValue() {
    for (String bad : List.of("{\"a\":1} x", "{\"a\":", "[1,2", "nope", "{} {}")) {
      assertThrows(IOException.class, () -> JsonCodec.parse(Buffer.buffer(bad)), bad);
    }
  }

  private static Object value(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 10 : 8);
    return switch (kind) {
      case 0 -> random.nextInt();
      case 1 -> random.nextLong();
      case 2 -> random.nextDouble() * 1000 + 0.25;
      case 3 -> "t\u00e9xt \"" + random.nextInt(100) + "\n";
      case 4 -> random.nextBoolean();
      case 5 -> null;
      case 6 -> new BigInteger(90, random);
      case 7 -> "";
      case 8 -> {
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          list.add(value(random, depth - 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          map.put("k" + random.nextInt(6), value(random, depth - 1));
        }
        yield map;
      }
    };
  }
}
