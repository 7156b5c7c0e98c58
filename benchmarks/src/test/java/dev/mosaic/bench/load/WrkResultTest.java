package dev.mosaic.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** wrk's report as wrk 4.2 prints it with --latency, read back into numbers. */
class WrkResultTest {

  private static final String CLEAN =
      """
      Running 10s test @ http://127.0.0.1:9385/s8/
        1 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency    17.27ms    8.40ms  60.77ms   75.63%
          Req/Sec     3.49k   310.39     3.80k    75.00%
        Latency Distribution
           50%  412.00us
           75%   19.00ms
           90%   28.50ms
           99%    1.20s
        34921 requests in 10.01s, 11.49MB read
      Requests/sec:   3488.61
      Transfer/sec:      1.15MB
      """;

  private static final String WITH_ERRORS =
      """
      Running 1s test @ http://127.0.0.1:9385/s8/
        1 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     0.00us    0.00us   0.00us    -nan%
          Req/Sec     4.00      0.00     4.00    100.00%
        Latency Distribution
           50%    0.00us
           75%    0.00us
           90%    0.00us
           99%    0.00us
        13 requests in 1.00m, 4.47KB read
        Socket errors: connect 1, read 2, write 3, timeout 13
        Non-2xx or 3xx responses: 7
      Requests/sec:      4.56
      Transfer/sec:      1.57KB
      """;

  @Test
  void readsRequestsRateAndLatencyOfACleanRun() {
    WrkResult r = WrkResult.parse(CLEAN);
    assertEquals(34921, r.requests());
    assertEquals(10.01, r.seconds(), 1e-9);
    assertEquals(3488.61, r.requestsPerSecond(), 1e-9);
    assertEquals(0, r.errors());
    assertEquals(0.412, r.p50Millis(), 1e-9);
    assertEquals(1200, r.p99Millis(), 1e-9);
  }

  @Test
  void countsSocketErrorsAndNon2xxAnswersAsErrors() {
    WrkResult r = WrkResult.parse(WITH_ERRORS);
    assertEquals(13, r.requests());
    assertEquals(60, r.seconds(), 1e-9);
    assertEquals(19, r.socketErrors());
    assertEquals(7, r.non2xx());
    assertEquals(26, r.errors());
  }

  @Test
  void latencyIsNotANumberWithoutTheDistribution() {
    WrkResult r =
        WrkResult.parse(CLEAN.replaceAll("(?s)  Latency Distribution.*?99%\\s+1.20s\n", ""));
    assertEquals(34921, r.requests());
    assertEquals(Double.NaN, r.p99Millis());
  }

  @Test
  void refusesOutputThatIsNotAReport() {
    assertThrows(
        IllegalArgumentException.class,
        () -> WrkResult.parse("unable to connect to 127.0.0.1:9385 Connection refused\n"));
  }
}
