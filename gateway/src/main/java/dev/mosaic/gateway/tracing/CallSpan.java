package dev.mosaic.gateway.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * One call's CLIENT span. Every request the call puts on the wire (each forEach item, each retry,
 * each hedged duplicate) carries this span's id as its traceparent's parent; when there is more
 * than one, each is an {@code attempt} event on it, and a retry or a hedge says so in another
 * event, so the span shows what the service saw. Confined to the request's event loop, as its calls
 * are.
 */
public final class CallSpan {

  /** The request target as sent; url.full would need the instance, known only per attempt. */
  static final AttributeKey<String> URL_PATH_AND_QUERY = AttributeKey.stringKey("url.path");

  static final AttributeKey<String> CALL = AttributeKey.stringKey("mosaic.call");
  static final AttributeKey<String> SERVICE = AttributeKey.stringKey("mosaic.service");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("mosaic.attempt");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("mosaic.reason");

  private final RecordedSpan span;
  private final String traceparent;
  private int attempts;
  private String firstHost;
  private int firstPort;

  CallSpan(RecordedSpan span) {
    this.span = span;
    this.traceparent = "00-" + span.traceId() + "-" + span.spanId() + "-01";
  }

  /** The traceparent this call's requests send: this span as their parent. */
  public String traceparent() {
    return traceparent;
  }

  public String spanId() {
    return span.spanId();
  }

  /**
   * A request of this call goes on the wire to {@code host:port}. The first is told by the span's
   * own server.address and server.port and its start; events are added only once there is a second
   * (a retry, a hedge, another item), the first then back-dated to the span's start: most calls
   * make one request, and an event per call would be paid on every one of them.
   */
  public void attempt(String host, int port) {
    attempts++;
    if (attempts == 1) {
      span.put(RequestSpan.SERVER_ADDRESS, host);
      span.put(RequestSpan.SERVER_PORT, (long) port);
      firstHost = host;
      firstPort = port;
      return;
    }
    if (attempts == 2) {
      span.event("attempt", attemptAttributes(1, firstHost, firstPort), span.startNanoTime());
    }
    span.event("attempt", attemptAttributes(attempts, host, port));
  }

  private static Attributes attemptAttributes(int attempt, String host, int port) {
    return Attributes.of(
        ATTEMPT,
        (long) attempt,
        RequestSpan.SERVER_ADDRESS,
        host,
        RequestSpan.SERVER_PORT,
        (long) port);
  }

  /**
   * A try ended in a way worth retrying and another is scheduled.
   *
   * @param why the status, or the kind of failure, of the try that is retried
   */
  public void retry(String why) {
    span.event("retry", Attributes.of(REASON, why));
  }

  /** The first try was slow: a duplicate goes to another instance. */
  public void hedge() {
    span.event("hedge", Attributes.empty());
  }

  /**
   * @param status the service's status, or 0 when none answered
   * @param error why the call failed (its reason), or null when it succeeded
   */
  public void end(int status, String error) {
    if (status > 0) {
      span.status(status);
    }
    if (error != null) {
      span.put(RequestSpan.ERROR_TYPE, error);
      span.error();
    }
    span.end();
  }
}
