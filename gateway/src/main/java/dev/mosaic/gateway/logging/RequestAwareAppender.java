package dev.mosaic.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.MDC;

/**
 * A console appender that puts the current request's trace and request ids in the line's MDC. The
 * ids are set around the append because Logback copies the MDC into the event just before it is
 * encoded, on this same thread; the request's context is what is current while its callbacks log.
 */
final class RequestAwareAppender extends ConsoleAppender<ILoggingEvent> {

  static final String TRACE_ID = "trace_id";
  static final String REQUEST_ID = "request_id";

  @Override
  protected void append(ILoggingEvent event) {
    RequestLogIds.Ids ids = RequestLogIds.current();
    if (ids == null) {
      super.append(event);
      return;
    }
    MDC.put(TRACE_ID, ids.traceId());
    MDC.put(REQUEST_ID, ids.requestId());
    try {
      super.append(event);
    } finally {
      MDC.remove(TRACE_ID);
      MDC.remove(REQUEST_ID);
    }
  }
}
