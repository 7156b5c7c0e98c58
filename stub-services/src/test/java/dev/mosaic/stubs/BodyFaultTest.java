package dev.mosaic.stubs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults a client only sees after the status and headers: a body cut mid-way, a body dripped
 * slowly.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BodyFaultTest {

  private static final String PATH = "/products?ids=1,2,3,4,5";

  private OneStub stub;
  private byte[] realBody;

  @BeforeEach
  void start() throws Exception {
    stub = OneStub.start("catalog");
    RawHttp.Answer real = RawHttp.get(stub.port(), PATH);
    assertEquals(200, real.status());
    assertFalse(real.cut());
    realBody = real.body();
    assertTrue(realBody.length > 300, "a body long enough to cut and drip: " + realBody.length);
  }

  @AfterEach
  void stop() throws Exception {
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  void resetMidBodySendsTheHeadersAndHalfTheBodyThenCloses() throws Exception {
    JsonObject state = stub.control("{\"resetMidBody\": true}");
    assertTrue(state.getBoolean("resetMidBody"));

    RawHttp.Answer answer = RawHttp.get(stub.port(), PATH);

    assertEquals(200, answer.status());
    assertEquals("application/json", answer.headers().get("content-type"));
    assertEquals(
        realBody.length, answer.contentLength(), "the full body's length, so the cut shows");
    assertTrue(answer.cut(), "the connection closed before Content-Length bytes arrived");
    assertEquals(realBody.length / 2, answer.body().length);
    assertArrayEquals(
        Arrays.copyOf(realBody, answer.body().length), answer.body(), "the real body's first half");

    stub.control("{\"resetMidBody\": false}");
    RawHttp.Answer whole = RawHttp.get(stub.port(), PATH);
    assertFalse(whole.cut());
    assertArrayEquals(realBody, whole.body());
  }

  @Test
  void dripSendsTheWholeBodyAFewBytesAtATime() throws Exception {
    int bytes = 16;
    long every = 40;
    stub.control("{\"drip\": {\"bytes\": " + bytes + ", \"every\": \"" + every + "ms\"}}");
    int pieces = (realBody.length + bytes - 1) / bytes;

    RawHttp.Answer answer = RawHttp.get(stub.port(), PATH);

    assertEquals(200, answer.status());
    assertEquals(realBody.length, answer.contentLength());
    assertFalse(answer.cut());
    assertArrayEquals(realBody, answer.body());
    long floor = (pieces - 1) * every;
    assertTrue(
        answer.millis() >= floor,
        "took " + answer.millis() + " ms, at least " + floor + " expected");
    assertTrue(answer.millis() < floor + 10_000, "took " + answer.millis() + " ms");
    long firstToLast = (answer.doneNanos() - answer.firstBodyByteNanos()) / 1_000_000;
    assertTrue(
        firstToLast >= (pieces - 2) * every,
        "the body arrived in pieces, first to last " + firstToLast + " ms");
  }

  @Test
  void dripThenResetCutsASlowBodyHalfWay() throws Exception {
    stub.control("{\"drip\": {\"bytes\": 16, \"every\": 20}, \"resetMidBody\": true}");
    int pieces = (realBody.length / 2 + 15) / 16;

    RawHttp.Answer answer = RawHttp.get(stub.port(), PATH);

    assertTrue(answer.cut());
    assertEquals(realBody.length / 2, answer.body().length);
    assertTrue(
        answer.millis() >= (pieces - 1) * 20L,
        "took " + answer.millis() + " ms for " + pieces + " pieces");
  }

  @Test
  void aDripStopsWhenTheClientGoesAway() throws Exception {
    // a byte every 50 ms: the whole body would take realBody.length × 50 ms, far longer than the
    // deadline below
    stub.control("{\"drip\": {\"bytes\": 1, \"every\": \"50ms\"}}");
    try (Socket socket = RawHttp.connect(stub.port())) {
      RawHttp.send(socket, "GET", PATH, null);
      InputStream in = socket.getInputStream();
      assertTrue(in.read() >= 0, "the answer started");
      stub.awaitState(s -> s.getInteger("inFlight") == 1, Duration.ofSeconds(5), "answering");
    }
    stub.awaitState(
        s -> s.getInteger("inFlight") == 0, Duration.ofSeconds(5), "done with the departed client");
  }

  @Test
  void dripSettingsAreCheckedReportedAndTurnedOff() throws Exception {
    JsonObject on = stub.control("{\"drip\": {\"bytes\": 16, \"every\": 50}}");
    assertEquals(new JsonObject().put("bytes", 16).put("every", "50ms"), on.getJsonObject("drip"));

    assertEquals(
        400,
        RawHttp.post(stub.port(), "/_control", "{\"drip\": {\"bytes\": 16, \"evry\": \"50ms\"}}")
            .status());
    assertEquals(
        400,
        RawHttp.post(stub.port(), "/_control", "{\"drip\": {\"bytes\": 0, \"every\": \"50ms\"}}")
            .status());
    assertEquals(
        400, RawHttp.post(stub.port(), "/_control", "{\"drip\": {\"bytes\": 16}}").status());
    assertEquals(400, RawHttp.post(stub.port(), "/_control", "{\"drip\": 16}").status());

    JsonObject off = stub.control("{\"drip\": null}");
    assertTrue(off.containsKey("drip") && off.getValue("drip") == null, off.encode());

    stub.control("{\"drip\": {\"bytes\": 16, \"every\": \"2s\"}, \"resetMidBody\": true}");
    JsonObject restored = new JsonObject(RawHttp.delete(stub.port(), "/_control").text());
    assertEquals(null, restored.getValue("drip"));
    assertFalse(restored.getBoolean("resetMidBody"));
    assertArrayEquals(realBody, RawHttp.get(stub.port(), PATH).body());
  }
}
