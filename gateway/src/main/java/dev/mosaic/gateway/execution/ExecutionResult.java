package dev.mosaic.gateway.execution;

import java.util.List;
import java.util.Map;

/**
 * What running an endpoint's calls produced.
 *
 * @param context the expression context with every call's result (or fallback) by name
 * @param calls every call, in declared order, as it happened
 * @param degraded optional calls that failed and were replaced by their fallback, in declared order
 * @param failure why there is no answer to shape, or null
 */
public record ExecutionResult(
    Map<String, Object> context, List<CallRecord> calls, List<String> degraded, Failure failure) {

  /**
   * The reason the endpoint cannot answer normally.
   *
   * @param call the required call that failed, or null (deadline, bad input)
   * @param retryAfterMillis for a 503: when the client may try again (0: the default)
   */
  public record Failure(
      int status, Reason reason, String call, String detail, long retryAfterMillis) {

    public Failure(int status, Reason reason, String call, String detail) {
      this(status, reason, call, detail, 0);
    }
  }

  public boolean failed() {
    return failure != null;
  }
}
