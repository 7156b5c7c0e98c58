package dev.mosaic.bench.scenario;

import dev.mosaic.bench.load.LatencyMillis;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * S7, one optional service hung: a healthy baseline, then one or two episodes in which the service
 * hangs under the same load, each split at the moment its circuit breaker opened.
 *
 * @param setup what was measured, in words (endpoint, rate, the call's timeout and breaker)
 * @param rate requests per second of every run
 * @param timeoutMillis the hung call's timeout: the pre-open p99 target is this + 5 ms
 * @param baseline latency of the healthy run (successful requests)
 * @param baselineErrors failed requests of the baseline by kind
 * @param baselineFallbacks baseline requests whose call fell back (0 unless the breaker was open or
 *     the service slow before the hang)
 * @param episodes the first hang (the gateway has never seen this call fail: its failure paths are
 *     cold for the JIT) and, in a full run, a second one after the breaker closed again
 * @param notes what went differently from the plan (a breaker that did not close between episodes)
 */
public record HungOptionalResult(
    String setup,
    int rate,
    double timeoutMillis,
    Histogram baseline,
    Map<String, Long> baselineErrors,
    long baselineFallbacks,
    List<Episode> episodes,
    List<String> notes) {

  /** The margin over the call's timeout before the breaker opens. */
  public static final double PRE_OPEN_MARGIN_MILLIS = 5;

  /** The margin over the healthy p99 once the breaker is open. */
  public static final double POST_OPEN_MARGIN_MILLIS = 1;

  /**
   * How much of each phase next to the breaker's transition the diagnostic histograms leave out.
   */
  public static final double SETTLE_MILLIS = 100;

  public HungOptionalResult {
    baselineErrors = new TreeMap<>(baselineErrors);
    episodes = List.copyOf(episodes);
    notes = List.copyOf(notes);
  }

  /**
   * One hang: the stub stops answering while the open-loop run goes on.
   *
   * @param name e.g. "first hang"
   * @param preOpen latency of the requests due between the hang and the breaker opening
   * @param postOpen latency of the requests due after the breaker opened
   * @param errors failed requests of this episode's run (lead-in included) by kind
   * @param openAfterMillis from the hang to the breaker opening, NaN when it never opened
   * @param openBeforeHang the breaker was already open when the stub hung: nothing was measured
   * @param requestsBeforeOpen requests due between the hang and the breaker opening
   * @param lateTimeouts requests due after the open whose call still waited for its timeout
   * @param earlyFastFallbacks requests due before the open whose call fell back at once anyway
   * @param stubCallsAfterHang calls that reached the hung stub after the hang
   * @param stubCallsAfterOpen of those, the ones that arrived more than 5 ms after the breaker
   *     opened (the stub's arrival times have millisecond resolution), -1 when unknown
   * @param lastStubCallVsOpenMillis when the last call reached the stub, relative to the open
   *     (negative: before it), NaN when unknown
   * @param preOpenSteady the pre-open phase without its first and last {@link #SETTLE_MILLIS} (the
   *     transitions left out, for the explanation only: the target is judged on {@code preOpen})
   * @param postOpenSettled the post-open phase without its first {@link #SETTLE_MILLIS}
   * @param hungCall how long the hung call itself took before the open, as the gateway's
   *     Server-Timing says (from its start to its fallback): the timeout and its timer's lateness,
   *     nothing else
   * @param timelineMillis for the chart: each successful request, due time relative to the hang;
   *     {@code timelineLatency} its latency (ms)
   */
  @SuppressWarnings("ArrayRecordComponent") // a run's timeline, read by index and never compared
  public record Episode(
      String name,
      Histogram preOpen,
      Histogram postOpen,
      Map<String, Long> errors,
      double openAfterMillis,
      boolean openBeforeHang,
      long requestsBeforeOpen,
      long lateTimeouts,
      long earlyFastFallbacks,
      long stubCallsAfterHang,
      long stubCallsAfterOpen,
      double lastStubCallVsOpenMillis,
      Histogram preOpenSteady,
      Histogram postOpenSettled,
      Histogram hungCall,
      double[] timelineMillis,
      double[] timelineLatency) {

    public Episode {
      errors = new TreeMap<>(errors);
    }

    /** The breaker opened after the hang, as S7 means it to. */
    public boolean opened() {
      return !openBeforeHang && !Double.isNaN(openAfterMillis);
    }

    public long serverErrors() {
      return errors.getOrDefault("http-5xx", 0L);
    }

    public long otherErrors() {
      return errors.values().stream().mapToLong(Long::longValue).sum() - serverErrors();
    }
  }

  public long serverErrors() {
    return baselineErrors.getOrDefault("http-5xx", 0L)
        + episodes.stream().mapToLong(Episode::serverErrors).sum();
  }

  /** Failed requests other than 5xx, over the baseline and every episode, by kind. */
  public Map<String, Long> otherErrors() {
    Map<String, Long> all = new TreeMap<>(baselineErrors);
    episodes.forEach(e -> e.errors().forEach((kind, n) -> all.merge(kind, n, Long::sum)));
    all.remove("http-5xx");
    return all;
  }

  public double preOpenTargetMillis() {
    return timeoutMillis + PRE_OPEN_MARGIN_MILLIS;
  }

  /** An episode's post-open p99 minus the baseline's p99. */
  public double postOpenAddedP99Millis(Episode e) {
    return LatencyMillis.at(e.postOpen(), 99) - LatencyMillis.at(baseline, 99);
  }
}
