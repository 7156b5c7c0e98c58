package dev.mosaic.gateway.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00f067aa0ba902b7";
  private static final String VALID = "00-" + TRACE + "-" + PARENT + "-01";
  private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  /** A fresh trace: random ids, sampled, no state, nothing of the incoming header kept. */
  private static void assertFresh(TraceContext context, String incoming) {
    assertTrue(HEX32.matcher(context.traceId()).matches(), context.traceId());
    assertTrue(HEX16.matcher(context.spanId()).matches(), context.spanId());
    assertNotEquals(TRACE, context.traceId());
    assertTrue(context.sampled());
    assertNull(context.state());
    String sent = context.traceparent();
    assertNotEquals(incoming, sent);
    assertFalse(sent.contains(TRACE), sent);
    assertFalse(sent.contains(PARENT), sent);
    assertEquals("00-" + context.traceId() + "-" + context.spanId() + "-01", sent);
  }

  @Test
  void aValidTraceparentIsContinuedWithANewSpan() {
    TraceContext context = TraceContext.from(headers("traceparent", VALID));

    assertEquals(TRACE, context.traceId());
    assertTrue(HEX16.matcher(context.spanId()).matches(), context.spanId());
    assertNotEquals(PARENT, context.spanId());
    assertTrue(context.sampled());
    assertNull(context.state());
    assertEquals("00-" + TRACE + "-" + context.spanId() + "-01", context.traceparent());
  }

  @Test
  void theUnsampledFlagIsKept() {
    TraceContext context =
        TraceContext.from(headers("traceparent", "00-" + TRACE + "-" + PARENT + "-00"));

    assertEquals(TRACE, context.traceId());
    assertFalse(context.sampled());
    assertEquals("00-" + TRACE + "-" + context.spanId() + "-00", context.traceparent());
  }

  @Test
  void theSampledFlagIsTheLowBitOfTheFlags() {
    assertTrue(
        TraceContext.from(headers("traceparent", "00-" + TRACE + "-" + PARENT + "-03")).sampled());
    assertFalse(
        TraceContext.from(headers("traceparent", "00-" + TRACE + "-" + PARENT + "-02")).sampled());
  }

  @Test
  void theHeaderNameIsCaseInsensitive() {
    assertEquals(TRACE, TraceContext.from(headers("TraceParent", VALID)).traceId());
  }

  @Test
  void eachRequestGetsItsOwnSpan() {
    TraceContext a = TraceContext.from(headers("traceparent", VALID));
    TraceContext b = TraceContext.from(headers("traceparent", VALID));
    assertEquals(a.traceId(), b.traceId());
    assertNotEquals(a.spanId(), b.spanId());
  }

  @Test
  void noTraceparentStartsAFreshTrace() {
    TraceContext context = TraceContext.from(headers());
    assertFresh(context, "");
  }

  @Test
  void tracestateTravelsWithAValidTraceparent() {
    TraceContext context =
        TraceContext.from(headers("traceparent", VALID, "tracestate", "congo=t61rcWkgMzE"));
    assertEquals("congo=t61rcWkgMzE", context.state());
  }

  @Test
  void severalTracestateHeadersAreJoinedWithCommas() {
    TraceContext context =
        TraceContext.from(
            headers(
                "traceparent",
                VALID,
                "tracestate",
                "congo=t61rcWkgMzE",
                "tracestate",
                "rojo=00f067aa0ba902b7"));
    assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", context.state());
  }

  @Test
  void tracestateWithoutATraceparentIsDropped() {
    TraceContext context = TraceContext.from(headers("tracestate", "congo=t61rcWkgMzE"));
    assertFresh(context, "");
  }

  @Test
  void tracestateWithAMalformedTraceparentIsDropped() {
    String bad = "00-" + TRACE.toUpperCase() + "-" + PARENT + "-01";
    TraceContext context =
        TraceContext.from(headers("traceparent", bad, "tracestate", "congo=t61rcWkgMzE"));
    assertFresh(context, bad);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // upper-case hex
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        // wrong lengths
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b77-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-001",
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "",
        // forbidden all-zero ids
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        // version ff
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        // version 00 must be exactly 55 characters
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
        // a later version may only append after a '-'
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01extra",
        // non-hex characters and wrong separators
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736+00f067aa0ba902b7-01",
        "00-4bf92f35-77b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        // CR LF inside
        "00-4bf92f3577b34da6a3ce929d0e0e4736\r\n-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce9\r\n29d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nx-evil: 1",
      })
  void aMalformedTraceparentStartsAFreshTraceAndIsNeverEchoed(String bad) {
    assertFalse(TraceContext.valid(bad), bad);
    TraceContext context =
        TraceContext.from(headers("traceparent", bad, "tracestate", "congo=t61rcWkgMzE"));
    assertFresh(context, bad);
  }

  @Test
  void twoTraceparentHeadersStartAFreshTrace() {
    String other = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    TraceContext context =
        TraceContext.from(
            headers("traceparent", VALID, "traceparent", other, "tracestate", "congo=t61rcWkgMzE"));
    assertFresh(context, VALID);
    assertNotEquals("0af7651916cd43dd8448eb211c80319c", context.traceId());
    assertFalse(context.traceparent().contains("b7ad6b7169203331"));
  }

  @Test
  void twoIdenticalTraceparentHeadersStartAFreshTraceToo() {
    TraceContext context = TraceContext.from(headers("traceparent", VALID, "traceparent", VALID));
    assertFresh(context, VALID);
  }

  @Test
  void aFutureVersionWithMoreFieldsIsReadAsVersion00() {
    String future = "01-" + TRACE + "-" + PARENT + "-01-extra";
    assertTrue(TraceContext.valid(future));

    TraceContext context =
        TraceContext.from(headers("traceparent", future, "tracestate", "congo=t61rcWkgMzE"));

    assertEquals(TRACE, context.traceId());
    assertNotEquals(PARENT, context.spanId());
    assertTrue(context.sampled());
    assertEquals("congo=t61rcWkgMzE", context.state());
    assertEquals("00-" + TRACE + "-" + context.spanId() + "-01", context.traceparent());
  }

  @Test
  void aFutureVersionOfExactly55CharactersIsAccepted() {
    String future = "cc-" + TRACE + "-" + PARENT + "-00";
    TraceContext context = TraceContext.from(headers("traceparent", future));
    assertEquals(TRACE, context.traceId());
    assertFalse(context.sampled());
    assertEquals("00-" + TRACE + "-" + context.spanId() + "-00", context.traceparent());
  }

  @Test
  void surroundingWhitespaceIsTrimmed() {
    TraceContext context = TraceContext.from(headers("traceparent", "  " + VALID + " "));
    assertEquals(TRACE, context.traceId());
  }

  @Test
  void tracestateOf512CharactersIsKeptAndLongerIsDropped() {
    String max = "k=" + "v".repeat(510);
    assertEquals(512, max.length());
    assertEquals(max, TraceContext.from(headers("traceparent", VALID, "tracestate", max)).state());

    String over = "k=" + "v".repeat(511);
    TraceContext context = TraceContext.from(headers("traceparent", VALID, "tracestate", over));
    assertNull(context.state());
    assertEquals(TRACE, context.traceId());
  }

  @Test
  void joinedTracestateOver512CharactersIsDropped() {
    String half = "k=" + "v".repeat(254); // 256 characters; two joined with ',' make 513
    TraceContext context =
        TraceContext.from(headers("traceparent", VALID, "tracestate", half, "tracestate", half));
    assertNull(context.state());
    assertEquals(TRACE, context.traceId());
  }

  @Test
  void tracestateWithControlCharactersIsDropped() {
    for (String bad :
        List.of(
            "congo=t61\r\nx-evil: 1",
            "congo=t61\u0000,rojo=1",
            "congo=\tt61",
            "congo=t61\u007f",
            "congo=t\u00e9",
            "congo=t61\u0085,x=1",
            "congo=\u001b[31mt61")) {
      TraceContext context = TraceContext.from(headers("traceparent", VALID, "tracestate", bad));
      assertNull(context.state(), bad);
      assertEquals(TRACE, context.traceId());
    }
  }

  @Test
  void tracestateWithControlCharactersInSeveralHeadersIsDropped() {
    TraceContext context =
        TraceContext.from(
            headers(
                "traceparent",
                VALID,
                "tracestate",
                "congo=t61",
                "tracestate",
                "rojo=1\nx-evil: 1"));
    assertNull(context.state());
  }

  /** Leading and trailing whitespace and control characters are trimmed, not a reason to drop. */
  @Test
  void tracestateIsTrimmedAndWhatIsKeptHasNoControlCharacters() {
    assertEquals(
        "congo=t61",
        TraceContext.from(headers("traceparent", VALID, "tracestate", " congo=t61\t")).state());
    assertEquals(
        "congo=t61",
        TraceContext.from(headers("traceparent", VALID, "tracestate", "congo=t61\u0000\r\n"))
            .state());
  }

  @Test
  void blankTracestateIsDropped() {
    assertNull(TraceContext.from(headers("traceparent", VALID, "tracestate", "   ")).state());
  }

  @Test
  void propagateToSetsTraceparentAndTracestate() {
    TraceContext context =
        TraceContext.from(headers("traceparent", VALID, "tracestate", "congo=t61rcWkgMzE"));
    MultiMap out =
        headers("traceparent", "00-stale", "tracestate", "stale=1", "accept", "application/json");

    context.propagateTo(out);

    assertEquals(List.of(context.traceparent()), out.getAll("traceparent"));
    assertEquals(List.of("congo=t61rcWkgMzE"), out.getAll("tracestate"));
    assertEquals("application/json", out.get("accept"));
  }

  @Test
  void propagateToRemovesAStaleTracestateWhenThereIsNone() {
    TraceContext context = TraceContext.from(headers("traceparent", VALID));
    MultiMap out = headers("TraceState", "stale=1", "tracestate", "stale=2");

    context.propagateTo(out);

    assertEquals("00-" + TRACE + "-" + context.spanId() + "-01", out.get("traceparent"));
    assertFalse(out.contains("tracestate"));
    assertEquals(1, out.size());
  }

  @Test
  void freshStartsANewSampledTrace() {
    TraceContext a = TraceContext.fresh();
    TraceContext b = TraceContext.fresh();
    assertTrue(HEX32.matcher(a.traceId()).matches());
    assertTrue(HEX16.matcher(a.spanId()).matches());
    assertTrue(a.sampled());
    assertNull(a.state());
    assertNotEquals(a.traceId(), b.traceId());
    assertNotEquals(a.spanId(), b.spanId());
  }

  @Test
  void newIdsAreLowerCaseHexOfTheRightLengthNeverZeroAndUnique() {
    Set<String> spans = new HashSet<>();
    Set<String> traces = new HashSet<>();
    int n = 5000;
    for (int i = 0; i < n; i++) {
      String trace = TraceContext.newTraceId();
      String span = TraceContext.newSpanId();
      assertTrue(HEX32.matcher(trace).matches(), trace);
      assertTrue(HEX16.matcher(span).matches(), span);
      assertNotEquals("0".repeat(32), trace);
      assertNotEquals("0".repeat(16), span);
      traces.add(trace);
      spans.add(span);
      // what we generate, we accept
      assertTrue(TraceContext.valid("00-" + trace + "-" + span + "-01"));
    }
    assertEquals(n, spans.size());
    assertEquals(n, traces.size());
  }
}
