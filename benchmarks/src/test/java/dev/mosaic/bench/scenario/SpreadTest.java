package dev.mosaic.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    assertEquals(new Spread(2.0, 1.0, 9.0, 3), Spread.of(List.of(9.0, 1.0, 2.0)));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(new Spread(2.5, 1.0, 4.0, 4), Spread.of(List.of(4.0, 1.0, 3.0, 2.0)));
  }

  @Test
  void valuesNotMeasuredAreLeftOut() {
    assertEquals(
        new Spread(5.0, 5.0, 5.0, 1),
        Spread.of(Arrays.asList(Double.NaN, 5.0, Double.POSITIVE_INFINITY, null)));
    assertEquals(Spread.NONE, Spread.of(List.of(Double.NaN)));
    assertEquals(Spread.NONE, Spread.of(List.of()));
  }
}
