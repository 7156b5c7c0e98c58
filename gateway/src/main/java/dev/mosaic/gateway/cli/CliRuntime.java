package dev.mosaic.gateway.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutionException;

/** The Vert.x instance the CLI runs on, and waiting for it from the main thread. */
final class CliRuntime {

  private CliRuntime() {}

  static Vertx vertx() {
    int cores = java.lang.Runtime.getRuntime().availableProcessors();
    return Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
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
