package dev.mosaic.gateway.auth;

/**
 * Why a request is refused before any service is contacted. The description is one of a few fixed
 * texts, never a library's message or the token's content: it goes into a response header.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a> for the codes
 */
public final class AuthFailure extends Exception {

  /** The RFC 6750 error code, or null for a request that carried no bearer token at all. */
  private final String error;

  private final int status;
  private final long retryAfterMillis;

  private AuthFailure(int status, String error, String description, long retryAfterMillis) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.retryAfterMillis = retryAfterMillis;
  }

  /** No bearer token: 401 with a bare challenge, as RFC 6750 asks when no credentials were sent. */
  static AuthFailure missing(String description) {
    return new AuthFailure(401, null, description, 0);
  }

  /** An Authorization header that is not one well-formed bearer token: 400 invalid_request. */
  static AuthFailure badRequest(String description) {
    return new AuthFailure(400, "invalid_request", description, 0);
  }

  /** A token that is malformed, expired, not yet valid, for someone else or badly signed: 401. */
  static AuthFailure invalid(String description) {
    return new AuthFailure(401, "invalid_token", description, 0);
  }

  /** A valid token whose claims do not meet the endpoint's {@code require}: 403. */
  static AuthFailure forbidden(String description) {
    return new AuthFailure(403, "insufficient_scope", description, 0);
  }

  /** The issuer's keys could not be fetched yet: the gateway's problem, not the token's. */
  static AuthFailure keysUnavailable(long retryAfterMillis) {
    return new AuthFailure(
        503, null, "the token issuer's keys are not available yet", retryAfterMillis);
  }

  public int status() {
    return status;
  }

  /**
   * @return invalid_token, invalid_request, insufficient_scope, or null
   */
  public String error() {
    return error;
  }

  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** The {@code WWW-Authenticate} value for a 401/403/400, or null for a 503. */
  public String challenge() {
    if (status == 503) {
      return null;
    }
    return error == null
        ? "Bearer"
        : "Bearer error=\"" + error + "\", error_description=\"" + getMessage() + "\"";
  }
}
