package dev.mosaic.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The tag depends on the bytes alone; If-None-Match lists compare weakly, as RFC 9110 says. */
class EntityTagTest {

  private static final String TAG = EntityTag.of(Buffer.buffer("{\"a\":1}"));

  @Test
  void theSameBytesGiveTheSameTagAndOthersAnother() {
    assertEquals(TAG, EntityTag.of(Buffer.buffer("{\"a\":1}")));
    assertNotEquals(TAG, EntityTag.of(Buffer.buffer("{\"a\":2}")));
    assertEquals(24, TAG.length(), "a quoted 128-bit tag: " + TAG);
  }

  @Test
  void ifNoneMatchLists() {
    assertTrue(EntityTag.matches(TAG, TAG));
    assertTrue(EntityTag.matches("*", TAG));
    assertTrue(EntityTag.matches("W/" + TAG, TAG), "weak comparison");
    assertTrue(EntityTag.matches("\"x\", " + TAG, TAG));
    assertTrue(EntityTag.matches("\"x\",W/" + TAG + " ,\"y\"", TAG));
    assertFalse(EntityTag.matches(null, TAG));
    assertFalse(EntityTag.matches("\"x\"", TAG));
    assertFalse(EntityTag.matches(TAG.substring(0, 10) + "\"", TAG));
    assertFalse(EntityTag.matches(TAG.replace("\"", ""), TAG), "not a list of entity tags");
    assertFalse(EntityTag.matches("\"unterminated", TAG));
  }
}
