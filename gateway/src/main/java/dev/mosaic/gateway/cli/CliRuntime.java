package dev.mosaic.gateway.cli;

import dev.mosaic.gateway.reload.ConfigReloader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.ExecutionException;

/** The Vert.x instance the CLI runs on, and waiting for it from the main thread. */
final class CliRuntime {

  private CliRuntime() {}

  /**
   * One event loop per core (a server instance on each), on the native transport where there is
   * one.
   */
  static Vertx vertx() {
    // before any Vert.x exists: the only moment context-local storage can be registered
    dev.mosaic.gateway.logging.RequestLogIds.register();
    int cores = java.lang.Runtime.getRuntime().availableProcessors();
    return Vertx.vertx(
        new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
  }

  /**
   * Reloads the config on SIGHUP, the Unix convention for "read your config again". sun.misc.Signal
   * is the only way to hear a signal from Java; it is reached reflectively because javac's warning
   * on that API cannot be silenced and the build treats warnings as errors. Where it is missing
   * (not a Unix, a JVM without jdk.unsupported) the file watch and the admin API still reload.
   */
  static void reloadOnHangup(ConfigReloader reloader) {
    onSignal("HUP", () -> reloader.reload("SIGHUP"));
  }

  /** Runs {@code action} on the JVM's signal thread each time the process receives {@code name}. */
  static void onSignal(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object handling =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      action.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "SIG" + name + " handler";
                  });
      signal
          .getMethod("handle", signal, handler)
          .invoke(null, signal.getConstructor(String.class).newInstance(name), handling);
    } catch (ReflectiveOperationException | IllegalArgumentException | LinkageError e) {
      Throwable why = e instanceof InvocationTargetException thrown ? thrown.getCause() : e;
      org.slf4j.LoggerFactory.getLogger(CliRuntime.class)
          .info(
              "SIG{} cannot be handled here ({}); "
                  + "reload through the file watch or POST /admin/reload",
              name,
              why.getMessage());
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

  /**
   * On SIGTERM (what Kubernetes, systemd and docker stop send): drains the gateway, runs {@code
   * stop}, and exits 0, the status of a clean stop. A second SIGTERM while draining exits at once
   * with 143 (128 + SIGTERM, what an unhandled one gives): an operator who asks twice means now.
   * Other ways out (Ctrl-C) stop at once.
   */
  static void drainOnTerm(dev.mosaic.gateway.server.Gateway gateway, Runnable stop) {
    java.util.concurrent.atomic.AtomicBoolean draining =
        new java.util.concurrent.atomic.AtomicBoolean();
    onSignal(
        "TERM",
        () -> {
          if (!draining.compareAndSet(false, true)) {
            System.err.println("second SIGTERM while draining: exiting at once");
            System.err.flush();
            java.lang.Runtime.getRuntime().halt(ExitCodes.TERMINATED_AGAIN);
          }
          new Thread(
                  () -> {
                    try {
                      awaitOnMainThread(gateway.drain());
                    } catch (Exception e) {
                      System.err.println("draining: " + e.getMessage());
                    }
                    stop.run();
                    System.exit(ExitCodes.OK);
                  },
                  "mosaic-drain")
              .start();
        });
  }

  /** {@code action}, run once however often it is asked (a drain's stop, then the exit's hook). */
  static Runnable once(Runnable action) {
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (ran.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  /** Keeps the process alive until Ctrl-C, then runs {@code stop} and returns. */
  static void untilInterrupted(Runnable stop) throws InterruptedException {
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    java.lang.Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.run();
                  stopped.countDown();
                },
                "mosaic-shutdown"));
    stopped.await();
  }
}
