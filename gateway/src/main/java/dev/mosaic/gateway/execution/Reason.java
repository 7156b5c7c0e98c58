package dev.mosaic.gateway.execution;

import dev.mosaic.gateway.http.CallFailure;

/**
 * Why a call has no usable result, and the status a required call's failure gives the answer (the
 * failure table of docs/rules.md, "Failures").
 */
public enum Reason {
  NOT_FOUND(404, "not-found"),
  /** A 4xx other than 404: the client's status is passed on, the service's body is not. */
  CLIENT_ERROR(0, "client-error"),
  SERVER_ERROR(502, "error"),
  INVALID_JSON(502, "invalid-json"),
  CONNECT(502, "connect-failed"),
  /** The service's certificate was not trusted, or named another host. */
  TLS(502, "tls-failed"),
  RESET(502, "reset"),
  TOO_LARGE(502, "too-large"),
  /** A value from another call's answer could not be put into this call's URL or headers. */
  BAD_UPSTREAM_VALUE(502, "bad-upstream-value"),
  /** A template failed over the actual data. */
  EVALUATION(502, "template-error"),
  TIMEOUT(504, "timeout"),
  DEADLINE(504, "deadline"),
  /** Turned away before reaching the service (pool and wait queue full). */
  REJECTED(503, "rejected"),
  /** Turned away by the service's open circuit breaker. */
  BREAKER_OPEN(503, "breaker-open"),
  /** Turned away by the service's full bulkhead. */
  BULKHEAD_FULL(503, "bulkhead-full"),
  /** Turned away by the service's enforced call budget. */
  OVER_BUDGET(503, "over-budget"),
  /** The client's own input cannot be sent safely: nothing reaches a service. */
  BAD_INPUT(400, "bad-input"),
  CANCELLED(0, "cancelled");

  private final int status;
  private final String label;

  Reason(int status, String label) {
    this.status = status;
    this.label = label;
  }

  /** The answer's status when a required call fails this way; {@code serviceStatus} for 4xx. */
  public int answerStatus(int serviceStatus) {
    return this == CLIENT_ERROR ? serviceStatus : status;
  }

  /** The short word used in Server-Timing, problem details and logs. */
  public String label() {
    return label;
  }

  /** For an exchange that produced no answer. */
  public static Reason of(CallFailure.Kind kind) {
    return switch (kind) {
      case CONNECT -> CONNECT;
      case TLS -> TLS;
      case TIMEOUT -> TIMEOUT;
      case RESET -> RESET;
      case TOO_LARGE -> TOO_LARGE;
      case POOL_FULL -> REJECTED;
      case CANCELLED -> CANCELLED;
      case BREAKER_OPEN -> BREAKER_OPEN;
      case BULKHEAD_FULL -> BULKHEAD_FULL;
      case OVER_BUDGET -> OVER_BUDGET;
    };
  }

  /**
   * For a non-2xx answer from a service. A 401 or 407 means the service refused the gateway's own
   * credentials, which is the gateway's failure (502), not the client's.
   */
  public static Reason ofStatus(int status) {
    if (status == 404) {
      return NOT_FOUND;
    }
    if (status == 401 || status == 407) {
      return SERVER_ERROR;
    }
    return status >= 400 && status < 500 ? CLIENT_ERROR : SERVER_ERROR;
  }
}
