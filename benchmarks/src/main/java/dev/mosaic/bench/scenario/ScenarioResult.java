package dev.mosaic.bench.scenario;

import dev.mosaic.bench.load.LoadResult;
import java.util.List;

/**
 * A scenario measured under one latency variant.
 *
 * @param saturation closed-loop capacity, requests per second
 * @param measured the open-loop run at {@link RunMode#REPORT_LOAD} of saturation
 * @param cpuMicrosPerRequest CPU of the answering process (gateway, stub or nginx) per request, or
 *     NaN
 * @param sweep latency against load, empty when not swept
 */
public record ScenarioResult(
    Scenario scenario,
    String variant,
    double saturation,
    LoadResult measured,
    double cpuMicrosPerRequest,
    List<LoadResult> sweep) {

  public boolean failed() {
    return measured.errorRate() > RunMode.MAX_ERROR_RATE;
  }
}
