package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.execution.ExecutionResult;
import dev.mosaic.gateway.execution.Reason;
import java.util.List;

/**
 * What a saga came to: every step done (its answer is shaped as any endpoint's), or a failed step
 * and what its compensations did.
 *
 * @param completed the steps' answers and records when every step was done, else null
 * @param failedStep the step whose failure stopped the saga, else null
 * @param failure why it failed, else null
 * @param failureStatus the service's status when the failed step got an answer, else 0
 */
public record SagaResult(
    String sagaId,
    ExecutionResult completed,
    String failedStep,
    Reason failure,
    int failureStatus,
    String detail,
    List<StepRecord> steps,
    List<CompensationRecord> compensations) {

  public boolean succeeded() {
    return completed != null;
  }

  /** Every compensation that had to run was done. */
  public boolean compensated() {
    return compensations.stream().allMatch(CompensationRecord::done);
  }

  /**
   * The answer's status: 409 when a service refused a step (the write conflicts with what it holds:
   * a 4xx), 504 when a step timed out, 502 otherwise; 400 for client input no step could take.
   */
  public int status() {
    return switch (failure) {
      case BAD_INPUT -> 400;
      case NOT_FOUND, CLIENT_ERROR -> 409;
      case TIMEOUT, DEADLINE -> 504;
      default -> 502;
    };
  }
}
