package dev.mosaic.gateway.cli;

import dev.mosaic.gateway.reload.ConfigReloader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutionException;

/** The Vert.x instance the CLI runs on, and waiting for it from the main thread. */
final class CliRuntime {

  private CliRuntime() {}

  /** One event loop per core (a server instance on each), on the native transport where there is one. */
  static Vertx vertx() {
    int cores = java.lang.Runtime.getRuntime().availableProcessors();
    return Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
  }

  /**
   * Reloads the config on SIGHUP, the Unix convention for "read your config again". sun.misc.Signal
   * is the only way to hear a signal from Java; where it is missing (not a Unix, a JVM without
   * jdk.unsupported) the file watch and the admin API still reload.
   */
  static void reloadOnHangup(ConfigReloader reloader) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reloader.reload("SIGHUP"));
    } catch (IllegalArgumentException | LinkageError e) {
      org.slf4j.LoggerFactory.getLogger(CliRuntime.class).info("SIGHUP cannot be handled here ({}); "
          + "reload through the file watch or POST /admin/reload", e.getMessage());
    }
  }

  /** Only ever called from the CLI's main thread or a shutdown hook, never from an event loop. */
  static <T> T awaitOnMainThread(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Keeps the process alive until Ctrl-C, then runs {@code stop} and returns. */
  static void untilInterrupted(Runnable stop) throws InterruptedException {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.run();
      stopped.countDown();
    }, "mosaic-shutdown"));
    stopped.await();
  }
}
