package dev.mosaic.gateway.server;

import dev.mosaic.gateway.event.EventLog;
import dev.mosaic.gateway.event.StreamPosition;
import dev.mosaic.gateway.view.Views;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * What the handlers need of the change events: the log a write announces on, the process's views,
 * and how long a read that names a version it must see waits for this gateway to apply it.
 *
 * <p>A client names that version, the {@code Mosaic-Version} a write answered, in the {@code
 * Mosaic-Min-Version} header or a cookie of that name.
 */
record ChangeEvents(EventLog log, Views views, Duration versionWait) {

  static final CharSequence VERSION = HttpHeaders.createOptimized("Mosaic-Version");
  static final String MIN_VERSION = "Mosaic-Min-Version";

  /** A version the client named that is not a stream position. */
  static final class BadVersion extends Exception {
    BadVersion(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @return the version the request must see, or null when it names none
   */
  static StreamPosition minVersion(HttpServerRequest request) throws BadVersion {
    String text = request.getHeader(MIN_VERSION);
    if (text == null && request.headers().contains(HttpHeaders.COOKIE)) {
      Cookie cookie = request.getCookie(MIN_VERSION);
      text = cookie == null ? null : cookie.getValue();
    }
    if (text == null) {
      return null;
    }
    try {
      return StreamPosition.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new BadVersion(
          MIN_VERSION + " must be a Mosaic-Version a write answered (<millis>-<sequence>)");
    }
  }
}
