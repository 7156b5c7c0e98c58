package dev.mosaic.stubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /health} goes through the behaviour like the API: counted, faulted, and warming. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HealthTest {

  private OneStub stub;

  @BeforeEach
  void start() throws Exception {
    stub = OneStub.start("reviews");
  }

  @AfterEach
  void stop() throws Exception {
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  void healthPingsAreCountedLikeAnyRequest() throws Exception {
    RawHttp.Answer health = RawHttp.get(stub.port(), "/health");
    assertEquals(200, health.status());
    assertEquals("UP", new JsonObject(health.text()).getString("status"));

    JsonObject state = stub.state();
    assertEquals(1, state.getInteger("requests"));
    assertEquals("GET /health", state.getJsonArray("recent").getJsonObject(0).getString("line"));
  }

  @Test
  void aBrokenServiceLooksBrokenToHealthPings() throws Exception {
    stub.control("{\"status\": 503}");
    assertEquals(503, RawHttp.get(stub.port(), "/health").status());

    stub.control("{\"status\": 0, \"errorRate\": 1.0}");
    assertEquals(500, RawHttp.get(stub.port(), "/health").status());

    stub.control("{\"errorRate\": 0, \"reset\": true}");
    assertThrows(IOException.class, () -> RawHttp.get(stub.port(), "/health"));

    stub.control("{\"reset\": false, \"latency\": \"200ms\"}");
    assertTrue(RawHttp.get(stub.port(), "/health").millis() >= 200);

    assertEquals(4, stub.state().getInteger("requests"));
  }

  @Test
  void aHealthPingWarmsAColdService() throws Exception {
    stub.control("{\"coldStart\": {\"idle\": \"300ms\", \"delay\": \"500ms\"}}");
    stub.awaitState(s -> s.getBoolean("cold"), Duration.ofSeconds(5), "cold");

    RawHttp.Answer ping = RawHttp.get(stub.port(), "/health");
    RawHttp.Answer call = RawHttp.get(stub.port(), "/reviews?productId=1");

    assertEquals(200, ping.status());
    assertEquals(200, call.status());
    assertTrue(ping.millis() >= 500, "the ping paid the cold start: " + ping.millis() + " ms");
    assertTrue(call.millis() < 250, "the call after it did not: " + call.millis() + " ms");
    assertEquals(1, stub.state().getInteger("coldStarts"));
  }
}
