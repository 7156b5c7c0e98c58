package dev.mosaic.bench.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The median, least and most of one measure over a comparison's rounds: the median is what is
 * judged, the range says how far to trust it.
 *
 * @param count how many values there were (NaN, "not measured", and the infinity of a ratio over a
 *     zero are left out)
 */
public record Spread(double median, double min, double max, int count) {

  public static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

  public static Spread of(List<Double> values) {
    List<Double> sorted = new ArrayList<>();
    for (Double value : values) {
      if (value != null && Double.isFinite(value)) {
        sorted.add(value);
      }
    }
    if (sorted.isEmpty()) {
      return NONE;
    }
    sorted.sort(null);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
  }
}
