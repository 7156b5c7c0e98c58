package dev.mosaic.stubs;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo services as their own process: {@code java -jar mosaic-stubs.jar [stubs.yaml]
 * [--no-latency]}. Without a file it uses the copy of config/stubs.yaml in the jar.
 */
public final class StubLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(StubLauncher.class);

  private StubLauncher() {}

  public static void main(String[] args) throws Exception {
    StubsConfig config = null;
    boolean noLatency = false;
    String redis = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--no-latency")) {
        noLatency = true;
      } else if (arg.equals("--redis") && i + 1 < args.length) {
        redis = args[++i]; // writes are announced there for cache invalidation
      } else if (arg.equals("-h") || arg.equals("--help")) {
        System.out.println(
            "usage: java -jar mosaic-stubs.jar [stubs.yaml] [--no-latency] [--redis redis://host:port]");
        return;
      } else {
        config = StubsConfig.load(Path.of(arg));
      }
    }
    if (config == null) {
      config = StubsConfig.embedded();
    }
    if (noLatency) {
      config = config.withoutLatency();
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    StubCluster cluster;
    try {
      cluster =
          StubCluster.start(vertx, config, WriteEvents.to(vertx, redis))
              .toCompletionStage()
              .toCompletableFuture()
              .get();
    } catch (Exception e) {
      LOG.error("stub services did not start: {}", e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    cluster.services().values().forEach(s -> LOG.info("stub {} on {}", s.name(), s.url()));
    LOG.info("stub control on http://127.0.0.1:{}/_control", cluster.controlPort());
    System.out.println("STUBS READY"); // benchmarks wait for this line
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cluster
                        .close()
                        .compose(v -> vertx.close())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get();
                  } catch (Exception ignored) {
                    // exiting anyway
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }
}
