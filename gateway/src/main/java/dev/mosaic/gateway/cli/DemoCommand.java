package dev.mosaic.gateway.cli;

import dev.mosaic.gateway.metrics.PrometheusSetup;
import dev.mosaic.gateway.server.Gateway;
import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import dev.mosaic.stubs.StubCluster;
import dev.mosaic.stubs.StubsConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The e-commerce demo in one process: the five stub services from config/stubs.yaml and the gateway
 * with config/gateway.yaml (the files in the working directory when present, else the copies inside
 * the jar), until Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Start the demo services and the gateway with the e-commerce config.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", description = "gateway port (default: the config's, 8080)")
  Integer port;

  @Option(
      names = "--no-latency",
      description = "stubs answer at once instead of with their configured latency")
  boolean noLatency;

  @Override
  public Integer call() throws Exception {
    Path gatewayFile = Path.of("config", "gateway.yaml");
    Path stubsFile = Path.of("config", "stubs.yaml");
    GatewayPlan plan;
    boolean fromFile = Files.exists(gatewayFile);
    String text =
        fromFile
            ? Files.readString(gatewayFile, StandardCharsets.UTF_8)
            : embedded("/dev/mosaic/gateway/gateway.yaml");
    try {
      plan =
          PlanCompiler.compile(fromFile ? gatewayFile.toString() : "gateway.yaml (embedded)", text);
    } catch (ConfigException e) {
      e.problems().forEach(p -> System.err.println(p));
      return ExitCodes.INVALID_CONFIG;
    }
    if (port != null) {
      plan = RunCommand.withPort(plan, port);
    }
    StubsConfig stubs =
        Files.exists(stubsFile) ? StubsConfig.load(stubsFile) : StubsConfig.embedded();
    if (noLatency) {
      stubs = stubs.withoutLatency();
    }
    if (plan.lifecycle().jsonLogs()) {
      dev.mosaic.gateway.logging.JsonLogs.install();
    }
    PrometheusMeterRegistry registry = PrometheusSetup.registry();
    Vertx vertx = CliRuntime.vertx();
    StubCluster cluster = CliRuntime.awaitOnMainThread(StubCluster.start(vertx, stubs));
    // the embedded config has no file to reload from; config/gateway.yaml in the working directory
    // does
    Gateway gateway =
        RunCommand.serve(
            vertx, plan, new Gateway.Setup(fromFile ? gatewayFile : null, text, registry));
    if (gateway.reloader() != null) {
      CliRuntime.reloadOnHangup(gateway.reloader());
    }
    printTour(gateway.port(), cluster.controlPort());
    CliRuntime.untilInterrupted(
        () -> {
          try {
            CliRuntime.awaitOnMainThread(
                gateway.close().compose(v -> cluster.close()).compose(v -> vertx.close()));
          } catch (Exception e) {
            System.err.println("stopping: " + e.getMessage());
          }
          System.out.println("Mosaic demo stopped.");
        });
    return 0;
  }

  private static String embedded(String resource) throws java.io.IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new java.io.FileNotFoundException(resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void printTour(int port, int controlPort) {
    String base = "http://127.0.0.1:" + port;
    System.out.println();
    System.out.println("Mosaic demo is up. Try:");
    System.out.println(
        "  curl -i "
            + base
            + "/products/42                # catalog + inventory + reviews, then users for the seller");
    System.out.println(
        "  curl -i "
            + base
            + "/orders/7/summary           # order, then customer + one batched product read");
    System.out.println(
        "  curl -i "
            + base
            + "/users/3/orders             # forEach over the user's recent orders");
    System.out.println("  curl -i " + base + "/catalog/products/42        # passthrough, streamed");
    System.out.println(
        "  curl -i -X POST "
            + base
            + "/products/42/reviews -H 'content-type: application/json' \\");
    System.out.println("       -d '{\"userId\": 3, \"rating\": 5, \"text\": \"Lovely\"}'");
    System.out.println("Break a service and watch the answer degrade:");
    System.out.println(
        "  curl -X POST http://127.0.0.1:"
            + controlPort
            + "/_control/reviews -d '{\"hang\": true}'");
    System.out.println(
        "  curl -X DELETE http://127.0.0.1:" + controlPort + "/_control/reviews   # restore");
    System.out.println("Ctrl-C stops everything.");
    System.out.println();
  }
}
