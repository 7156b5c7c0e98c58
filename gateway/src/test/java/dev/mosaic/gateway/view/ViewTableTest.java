package dev.mosaic.gateway.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.event.StreamPosition;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process's views: what an event marks, what an install after a missed event is, the bound. */
class ViewTableTest {

  private static StoredView view(int id, StreamPosition position) {
    ViewInputs inputs = new ViewInputs(Map.of("id", Integer.toString(id)), Map.of(), Map.of());
    return new StoredView(
        inputs.key("GET /p/{id}", "v1"),
        "GET /p/{id}",
        inputs,
        List.of("product:" + id),
        Buffer.buffer("{\"id\":" + id + "}"),
        position,
        0);
  }

  @Test
  void aCompositionThatBeganBeforeAnEventComesInStale() {
    ViewTable table = new ViewTable(1 << 20);
    table.mark(List.of("product:1"), new StreamPosition(200, 0), 1);
    LocalView installed = table.install(view(1, new StreamPosition(100, 0)), 2);
    assertTrue(installed.stale(), "it reflects 100, the event was 200");
    assertEquals(new StreamPosition(200, 0), installed.staleAt());
    assertFalse(table.install(view(1, new StreamPosition(200, 0)), 3).stale());
  }

  @Test
  void anEventMarksTheViewsNamingItsTagsOnceEach() {
    ViewTable table = new ViewTable(1 << 20);
    table.install(view(1, StreamPosition.ZERO), 1);
    table.install(view(2, StreamPosition.ZERO), 1);
    List<String> marked =
        table.mark(List.of("product:1", "product:1", "other"), new StreamPosition(5, 0), 2);
    assertEquals(List.of(view(1, StreamPosition.ZERO).key()), marked);
    assertTrue(table.get(view(1, StreamPosition.ZERO).key()).stale());
    assertFalse(table.get(view(2, StreamPosition.ZERO).key()).stale());
    assertEquals(List.of(), table.mark(List.of("product:2"), StreamPosition.ZERO, 3), "old news");
  }

  @Test
  void anOlderCompositionNeverReplacesANewerView() {
    ViewTable table = new ViewTable(1 << 20);
    table.install(view(1, new StreamPosition(9, 0)), 1);
    LocalView held = table.install(view(1, new StreamPosition(3, 0)), 2);
    assertEquals(new StreamPosition(9, 0), held.view().position());
  }

  @Test
  void evictedViewsLeaveTheTagIndex() throws Exception {
    ViewTable table = new ViewTable(64 * 1024); // room for about 200 small views
    for (int id = 0; id < 5_000; id++) {
      table.install(view(id, StreamPosition.ZERO), 1);
    }
    GatewayHarness.eventually(
        Duration.ofSeconds(5),
        "the index shrinks with the table",
        () -> table.indexedTags() <= table.all().size() + 16);
    assertTrue(table.all().size() < 1_000, table.all().size() + " views held");
  }
}
