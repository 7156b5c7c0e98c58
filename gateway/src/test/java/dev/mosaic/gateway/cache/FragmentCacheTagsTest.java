package dev.mosaic.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.plan.CacheSettings;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tag index and the Redis value format, without sockets. */
class FragmentCacheTagsTest {

  private static CachedAnswer answer(long now, List<String> tags) {
    return new CachedAnswer(
        200,
        "application/json",
        "{\"a\":1}".getBytes(),
        now,
        now + 60_000_000_000L,
        now + 60_000_000_000L,
        now + 60_000_000_000L,
        tags);
  }

  @Test
  void invalidatingATagDropsEveryEntryCarryingIt() {
    FragmentCache cache = new FragmentCache(CacheSettings.NONE, null);
    long now = cache.now();
    cache.put("k1", answer(now, List.of("product:1", "stock:1")));
    cache.put("k2", answer(now, List.of("product:1")));
    cache.put("k3", answer(now, List.of("product:2")));
    assertTrue(cache.holdsTag("stock:1"));
    assertEquals(2, cache.invalidateLocal(List.of("product:1")));
    assertNull(cache.get("k1"));
    assertNull(cache.get("k2"));
    assertEquals(200, cache.get("k3").status());
    assertFalse(cache.holdsTag("product:1"));
  }

  @Test
  void aValueReadBackFromRedisKeepsItsFreshnessAndTakesTheCallersTags() {
    FragmentCache cache = new FragmentCache(CacheSettings.NONE, null);
    long now = cache.now();
    Buffer bytes = AnswerCodec.encode(answer(now, List.of()), now, System.currentTimeMillis());
    CachedAnswer back =
        AnswerCodec.decode(bytes, cache.now(), System.currentTimeMillis()); // both clocks moved on
    assertEquals(200, back.status());
    assertEquals("application/json", back.contentType());
    assertTrue(Math.abs(back.freshUntil() - (now + 60_000_000_000L)) < 5_000_000L);
    cache.put("k", back.withTags(List.of("stock:9")));
    assertTrue(cache.holdsTag("stock:9"));
    assertNull(
        AnswerCodec.decode(Buffer.buffer("{\"forged\":true}"), now, System.currentTimeMillis()));
    assertNull(
        AnswerCodec.decode(bytes.getBuffer(0, bytes.length() - 1), now, System.currentTimeMillis()),
        "a truncated value is a miss");
  }
}
