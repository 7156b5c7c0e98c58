package dev.mosaic.bench.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The floor's number formatting, which must match Mosaic's byte for byte. */
class FloorServerTest {

  @Test
  void ratingRoundsHalfToEvenLikeJsonata() {
    assertEquals(3.2, FloorServer.roundedRating(3.25)); // (3 + 3 + 3 + 4) / 4
    assertEquals(3.8, FloorServer.roundedRating(3.75));
    assertEquals(3.4, FloorServer.roundedRating(17 / 5.0));
    assertEquals(3.3, FloorServer.roundedRating(10 / 3.0));
    assertEquals(1.5, FloorServer.roundedRating(1.5));
  }

  @Test
  void wholeNumbersHaveNoFraction() {
    assertEquals(2L, FloorServer.roundedRating(2.0));
    assertEquals(4L, FloorServer.roundedRating(3.96));
    assertEquals(498L, FloorServer.wholeWithoutFraction(498.0));
    assertEquals(101.46, FloorServer.wholeWithoutFraction(101.46));
    assertEquals(7, FloorServer.wholeWithoutFraction(7));
    assertEquals(1e300, FloorServer.wholeWithoutFraction(1e300)); // beyond 2^53 a long would lie
  }
}
