package dev.mosaic.bench.scenario;

import java.util.List;
import java.util.Optional;

/**
 * The numbers the targets are stated in (issue 3), computed from a run's results.
 *
 * @param s1VsNginxThroughput Mosaic's S1 saturation over nginx's, NaN without nginx
 * @param s2AddedP50Millis S2's p50 minus the slowest direct call's p50, both at S2's rate
 * @param s2AddedP99Millis the same at p99
 * @param cpuMicrosPerExtraCall least-squares slope of gateway CPU per request over S3's widths
 */
public record Headline(
    double s1VsNginxThroughput,
    double s2AddedP50Millis,
    double s2AddedP99Millis,
    double cpuMicrosPerExtraCall) {

  static Headline of(List<ScenarioResult> results, List<ScenarioResult> s2Direct, String variant) {
    double s1 = saturation(results, "S1", variant);
    double nginx = saturation(results, "S1-nginx", variant);
    Optional<ScenarioResult> s2 = find(results, "S2", variant);
    double slowestP50 =
        s2Direct.stream().mapToDouble(r -> r.measured().millis(50)).max().orElse(Double.NaN);
    double slowestP99 =
        s2Direct.stream().mapToDouble(r -> r.measured().millis(99)).max().orElse(Double.NaN);
    double addedP50 = s2.map(r -> r.measured().millis(50) - slowestP50).orElse(Double.NaN);
    double addedP99 = s2.map(r -> r.measured().millis(99) - slowestP99).orElse(Double.NaN);
    return new Headline(s1 / nginx, addedP50, addedP99, slope(results, variant));
  }

  private static Optional<ScenarioResult> find(
      List<ScenarioResult> results, String id, String variant) {
    return results.stream()
        .filter(r -> r.scenario().id().equals(id) && r.variant().equals(variant))
        .findFirst();
  }

  private static double saturation(List<ScenarioResult> results, String id, String variant) {
    return find(results, id, variant).map(ScenarioResult::saturation).orElse(Double.NaN);
  }

  private static double slope(List<ScenarioResult> results, String variant) {
    List<ScenarioResult> widths =
        results.stream()
            .filter(
                r ->
                    r.scenario().isFanOutWidth()
                        && r.variant().equals(variant)
                        && !Double.isNaN(r.cpuMicrosPerRequest()))
            .toList();
    if (widths.size() < 2) {
      return Double.NaN;
    }
    double n = widths.size();
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (ScenarioResult r : widths) {
      double x = r.scenario().width();
      double y = r.cpuMicrosPerRequest();
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  }
}
