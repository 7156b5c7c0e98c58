package dev.mosaic.gateway.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;

/**
 * {@code server.logFormat: json}: operational logs (stderr) as one JSON object per line, written by
 * Logback's own {@link JsonEncoder} ({@code timestamp}, {@code level}, {@code threadName}, {@code
 * loggerName}, {@code formattedMessage}, {@code throwable}), with {@code mdc.trace_id} and {@code
 * mdc.request_id} when the line was logged for a request. The access log is JSON lines already.
 */
public final class JsonLogs {

  /** The appender logback.xml names for operational logs. */
  static final String APPENDER = "STDERR";

  private JsonLogs() {}

  /**
   * Switches operational logs to JSON for the rest of the process. Does nothing where Logback is
   * not the SLF4J backend (Mosaic embedded elsewhere): the host's logging decides then.
   */
  public static synchronized void install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) instanceof RequestAwareAppender) {
      return; // already JSON
    }
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false); // the pattern with its {}; the formatted message is what to read
    encoder.setWithFormattedMessage(true);
    encoder.start();
    RequestAwareAppender json = new RequestAwareAppender();
    json.setContext(context);
    json.setName(APPENDER);
    json.setTarget("System.err");
    json.setEncoder(encoder);
    json.start();
    Appender<ILoggingEvent> text = root.getAppender(APPENDER);
    root.addAppender(json);
    if (text != null) {
      root.detachAppender(text);
      text.stop();
    }
    RequestLogIds.keep();
  }
}
