package dev.mosaic.gateway.http;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Why an exchange with a service produced no usable answer. Carries no stack: it is an outcome. */
public final class CallFailure extends RuntimeException {

  public enum Kind {
    /** The connection could not be opened (refused, unreachable, connect timeout). */
    CONNECT,
    /** The TLS handshake failed: the service's certificate is not trusted or names another host. */
    TLS,
    /** No complete answer within the call's time. */
    TIMEOUT,
    /** The connection broke before the answer was complete. */
    RESET,
    /** The answer was larger than the service's maxResponseSize. */
    TOO_LARGE,
    /**
     * Every pooled connection was busy and the wait queue full: failing fast instead of queueing.
     */
    POOL_FULL,
    /** The gateway stopped waiting (another call failed, or the deadline passed). */
    CANCELLED,
    /** The service's circuit breaker is open: the call failed fast without reaching it. */
    BREAKER_OPEN,
    /** The service's bulkhead was full: the call failed fast without reaching it. */
    BULKHEAD_FULL,
    /** The service's call budget is spent for this second and enforced: the call was not sent. */
    OVER_BUDGET
  }

  private final Kind kind;
  private final long retryAfterMillis;

  public CallFailure(Kind kind, String message) {
    this(kind, message, 0);
  }

  /**
   * @param retryAfterMillis when a rejected call is worth trying again, for Retry-After
   */
  public CallFailure(Kind kind, String message, long retryAfterMillis) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryAfterMillis = retryAfterMillis;
  }

  public Kind kind() {
    return kind;
  }

  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /**
   * Maps what Vert.x and Netty throw to a kind. Messages name no address or internal class: they
   * end up in problem details that clients read.
   */
  public static CallFailure classify(Throwable t) {
    if (t instanceof CallFailure failure) {
      return failure;
    }
    CallFailure tls = tls(t);
    if (tls != null) {
      return tls;
    }
    if (t instanceof ConnectionPoolTooBusyException) {
      return new CallFailure(Kind.POOL_FULL, "connection pool and wait queue full");
    }
    if (t
        instanceof ConnectException) { // Netty's ConnectTimeoutException too: unreachable, not slow
      return new CallFailure(Kind.CONNECT, "connection refused or unreachable");
    }
    if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("getting a connection")) { // every pooled connection stayed busy
        return new CallFailure(Kind.POOL_FULL, "no pooled connection became free in time");
      }
      return new CallFailure(Kind.TIMEOUT, "timed out waiting for an answer");
    }
    if (t instanceof HttpClosedException) {
      return new CallFailure(Kind.RESET, "connection closed before the answer was complete");
    }
    return new CallFailure(Kind.RESET, "the exchange broke off before the answer was complete");
  }

  /** A failed handshake, told apart by what the JDK's checks say in the cause chain. */
  private static CallFailure tls(Throwable t) {
    boolean handshake = false;
    for (Throwable cause = t;
        cause != null && cause.getCause() != cause;
        cause = cause.getCause()) {
      if (cause instanceof javax.net.ssl.SSLException) {
        handshake = true;
      }
      String message = String.valueOf(cause.getMessage());
      if (handshake
          && (message.contains("No subject alternative") || message.contains("No name matching"))) {
        return new CallFailure(
            Kind.TLS, "TLS handshake failed: the service's certificate names another host");
      }
      if (handshake
          && (cause instanceof java.security.cert.CertPathValidatorException
              || message.contains("PKIX path")
              || message.contains("unable to find valid certification path"))) {
        return new CallFailure(
            Kind.TLS,
            "TLS handshake failed: the service's certificate is not trusted"
                + " (unknown issuer: add its CA as the service's tls.caFile)");
      }
      if (handshake && cause instanceof java.security.cert.CertificateExpiredException) {
        return new CallFailure(
            Kind.TLS, "TLS handshake failed: the service's certificate has expired");
      }
    }
    return handshake ? new CallFailure(Kind.TLS, "TLS handshake failed") : null;
  }
}
