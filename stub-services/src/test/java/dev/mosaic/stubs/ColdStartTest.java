package dev.mosaic.stubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stub that starts cold after a while without requests, the way a serverless instance does. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ColdStartTest {

  private static final String PATH = "/products/1";
  private static final Duration GOES_COLD_WITHIN = Duration.ofSeconds(5);

  private OneStub stub;
  private ExecutorService clients;

  @BeforeEach
  void start() throws Exception {
    stub = OneStub.start("catalog");
    clients = Executors.newFixedThreadPool(3);
  }

  @AfterEach
  void stop() throws Exception {
    clients.shutdownNow();
    assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS));
    if (stub != null) {
      stub.close();
    }
  }

  private JsonObject awaitCold() throws Exception {
    return stub.awaitState(s -> s.getBoolean("cold"), GOES_COLD_WITHIN, "cold");
  }

  @Test
  void aColdServiceDelaysTheNextRequestOnly() throws Exception {
    long set = System.nanoTime();
    JsonObject state = stub.control("{\"coldStart\": {\"idle\": \"300ms\", \"delay\": \"600ms\"}}");
    assertEquals(
        new JsonObject().put("idle", "300ms").put("delay", "600ms"),
        state.getJsonObject("coldStart"));
    assertFalse(state.getBoolean("cold"), "warm right after it is set");
    assertEquals(0, state.getInteger("coldStarts"));

    awaitCold();
    long idle = (System.nanoTime() - set) / 1_000_000;
    assertTrue(idle >= 300, "cold after " + idle + " ms without requests, idle is 300 ms");

    RawHttp.Answer first = RawHttp.get(stub.port(), PATH);
    RawHttp.Answer second = RawHttp.get(stub.port(), PATH);

    assertEquals(200, first.status());
    assertEquals(200, second.status());
    assertTrue(first.millis() >= 600, "the cold request took " + first.millis() + " ms");
    assertTrue(second.millis() < 300, "the warm request took " + second.millis() + " ms");
    JsonObject after = stub.state();
    assertEquals(1, after.getInteger("coldStarts"));
    assertFalse(after.getBoolean("cold"));
  }

  @Test
  void requestsArrivingDuringAColdStartWaitForTheSameStart() throws Exception {
    long delay = 1000;
    long lateBy = 400;
    stub.control("{\"coldStart\": {\"idle\": 300, \"delay\": " + delay + "}}");
    awaitCold();

    long firstSent = System.nanoTime();
    Future<RawHttp.Answer> first = clients.submit(() -> RawHttp.get(stub.port(), PATH));
    stub.awaitState(
        s -> s.getInteger("inFlight") == 1,
        Duration.ofSeconds(5),
        "starting for the first request");
    // spacing, not waiting for an event: the later requests must arrive well into the start
    long untilLate = lateBy - (System.nanoTime() - firstSent) / 1_000_000;
    if (untilLate > 0) {
      Thread.sleep(untilLate);
    }
    List<Future<RawHttp.Answer>> later =
        List.of(
            clients.submit(() -> RawHttp.get(stub.port(), PATH)),
            clients.submit(() -> RawHttp.get(stub.port(), "/health")));

    RawHttp.Answer a = first.get(10, TimeUnit.SECONDS);
    assertEquals(200, a.status());
    assertTrue(a.millis() >= delay, "the first request took " + a.millis() + " ms");
    for (Future<RawHttp.Answer> f : later) {
      RawHttp.Answer b = f.get(10, TimeUnit.SECONDS);
      assertEquals(200, b.status());
      long sinceFirst = (b.doneNanos() - a.sentNanos()) / 1_000_000;
      assertTrue(
          sinceFirst >= delay,
          "released only when the start ended: " + sinceFirst + " ms after the first was sent");
      assertTrue(
          b.millis() < delay - lateBy / 2,
          "waited for the start in progress, not a start of its own: " + b.millis() + " ms");
      assertTrue(
          Math.abs(b.doneNanos() - a.doneNanos()) < 250_000_000L,
          "done with the first one: " + (b.doneNanos() - a.doneNanos()) / 1_000_000 + " ms apart");
    }
    assertEquals(1, stub.state().getInteger("coldStarts"));
  }

  @Test
  void nullAndRestoreTurnColdStartsOffAndBadSettingsAreRejected() throws Exception {
    stub.control("{\"coldStart\": {\"idle\": \"300ms\", \"delay\": \"100ms\"}}");
    JsonObject off = stub.control("{\"coldStart\": null}");
    assertNull(off.getValue("coldStart"));
    assertFalse(off.getBoolean("cold"));

    stub.control("{\"coldStart\": {\"idle\": \"300ms\", \"delay\": \"100ms\"}}");
    awaitCold();
    assertTrue(RawHttp.get(stub.port(), PATH).millis() >= 100);
    assertEquals(1, stub.state().getInteger("coldStarts"));

    JsonObject restored = new JsonObject(RawHttp.delete(stub.port(), "/_control").text());
    assertNull(restored.getValue("coldStart"));
    assertFalse(restored.getBoolean("cold"));
    assertEquals(0, restored.getInteger("coldStarts"));

    for (String bad :
        List.of(
            "{\"coldStart\": {\"idle\": \"0ms\", \"delay\": \"1s\"}}",
            "{\"coldStart\": {\"idle\": \"1s\"}}",
            "{\"coldStart\": {\"idle\": \"1s\", \"delay\": \"soon\"}}",
            "{\"coldStart\": {\"idle\": \"1s\", \"delay\": \"1s\", \"jitter\": \"1s\"}}",
            "{\"coldStart\": true}")) {
      assertEquals(400, RawHttp.post(stub.port(), "/_control", bad).status(), bad);
    }
  }
}
