package dev.mosaic.gateway.cli;

import dev.mosaic.gateway.metrics.PrometheusSetup;
import dev.mosaic.gateway.server.Gateway;
import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Compiles a config and serves it until Ctrl-C or SIGTERM. A config with problems never starts
 * (exit 1); one that cannot start exits 3.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the gateway with a config.")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config file")
  Path config;

  @Option(names = "--port", description = "listen on this port instead of the config's server.port")
  Integer port;

  @Override
  public Integer call() throws Exception {
    GatewayPlan plan;
    String text;
    try {
      text = Files.readString(config, StandardCharsets.UTF_8);
      plan = PlanCompiler.compile(config.toString(), text);
    } catch (java.io.IOException e) {
      System.err.printf("%s: cannot be read: %s%n", config, e.getMessage());
      return ExitCodes.INVALID_CONFIG;
    } catch (ConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        System.err.println(problem);
      }
      System.err.printf("%s: %d problem(s); not starting%n", config, e.problems().size());
      return ExitCodes.INVALID_CONFIG;
    }
    if (port != null) {
      plan = withPort(plan, port);
    }
    if (plan.lifecycle().jsonLogs()) {
      dev.mosaic.gateway.logging.JsonLogs.install();
    }
    PrometheusMeterRegistry registry = PrometheusSetup.registry();
    Vertx vertx = CliRuntime.vertx();
    Gateway gateway;
    try {
      gateway = serve(vertx, plan, new Gateway.Setup(config, text, registry));
    } catch (
        ConfigException
            e) { // found when the server's files are loaded: a TLS key that fits no certificate
      for (ConfigProblem problem : e.problems()) {
        System.err.println(problem);
      }
      System.err.printf("%s: %d problem(s); not starting%n", config, e.problems().size());
      CliRuntime.awaitOnMainThread(vertx.close());
      return ExitCodes.INVALID_CONFIG;
    } catch (Exception e) { // valid, but it could not start: a port taken, most often
      System.err.printf("%s: cannot start: %s%n", config, e.getMessage());
      CliRuntime.awaitOnMainThread(vertx.close());
      return ExitCodes.START_FAILURE;
    }
    CliRuntime.reloadOnHangup(gateway.reloader());
    Runnable stop = CliRuntime.once(() -> stop(vertx, gateway));
    CliRuntime.drainOnTerm(gateway, stop);
    CliRuntime.untilInterrupted(stop);
    return ExitCodes.OK;
  }

  static GatewayPlan withPort(GatewayPlan plan, int port) {
    return new GatewayPlan(
        plan.source(),
        plan.server().withPort(port),
        plan.services(),
        plan.cache(),
        plan.endpoints(),
        plan.sagas(),
        plan.events(),
        plan.lifecycle(),
        plan.tracing());
  }

  static Gateway serve(Vertx vertx, GatewayPlan plan, Gateway.Setup setup) throws Exception {
    Gateway gateway = CliRuntime.awaitOnMainThread(Gateway.start(vertx, plan, setup));
    LOG.info(
        "Mosaic serving {} endpoints from {} on port {} ({} native transport)",
        plan.endpoints().size(),
        plan.source(),
        gateway.port(),
        vertx.isNativeTransportEnabled() ? "with" : "without");
    BoundUrls.of(plan, gateway).forEach(System.out::println);
    System.out.flush();
    return gateway;
  }

  static void stop(Vertx vertx, Gateway gateway) {
    try {
      CliRuntime.awaitOnMainThread(gateway.close().compose(v -> vertx.close()));
    } catch (Exception e) {
      System.err.println("stopping: " + e.getMessage());
    }
  }
}
