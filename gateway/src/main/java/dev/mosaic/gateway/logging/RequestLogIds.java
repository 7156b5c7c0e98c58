package dev.mosaic.gateway.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.spi.context.storage.ContextLocal;

/**
 * The trace and request ids of the request a log line was written for, kept on the request's own
 * Vert.x context (a duplicate per request, which every callback of that request runs on), so a line
 * logged deep in a call's callback still names its request. Only kept while JSON logs are on:
 * otherwise nothing reads it and a request should not pay for it.
 *
 * <p>Vert.x only lets context-local storage be registered before its first instance is created;
 * {@link #register()} is called first thing by the CLI. Where it came too late (Mosaic embedded in
 * a process that made its Vert.x first), lines simply carry no ids.
 */
public final class RequestLogIds {

  /** The ids a line logged for a request carries. */
  record Ids(String traceId, String requestId) {}

  private static volatile ContextLocal<Ids> local;
  private static volatile boolean kept;

  private RequestLogIds() {}

  /** Registers the storage; must run before the process creates any Vert.x instance. */
  public static synchronized void register() {
    if (local == null) {
      try {
        local = ContextLocal.registerLocal(Ids.class);
      } catch (IllegalStateException e) {
        org.slf4j.LoggerFactory.getLogger(RequestLogIds.class)
            .info("log lines will not carry request ids: {}", e.getMessage());
      }
    }
  }

  /** From now on requests keep their trace for the log (JSON logs were switched on). */
  static void keep() {
    kept = true;
  }

  /** Called as a request starts, on its own context. */
  public static void attach(String traceId, String requestId) {
    if (!kept) {
      return;
    }
    ContextLocal<Ids> storage = local;
    Context context = Vertx.currentContext();
    // Vert.x runs each HTTP request on a duplicate of its loop's context, so this is the
    // request's own storage, dropped with it
    if (storage != null && context != null) {
      storage.put(context, new Ids(traceId, requestId));
    }
  }

  /**
   * Called as a request ends, on its own context: a callback that still runs there afterwards (a
   * late reply) logs no ids rather than an ended request's.
   */
  public static void detach() {
    ContextLocal<Ids> storage = local;
    Context context = Vertx.currentContext();
    if (kept && storage != null && context != null) {
      storage.remove(context);
    }
  }

  /** The ids of the request whose callback is logging now, or null. */
  static Ids current() {
    ContextLocal<Ids> storage = local;
    Context context = Vertx.currentContext();
    return storage == null || context == null ? null : storage.get(context);
  }
}
