package dev.mosaic.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar mosaic.jar <run|check|demo>}. */
@Command(
    name = "mosaic",
    mixinStandardHelpOptions = true,
    version = "Mosaic 0.1.0",
    description = "Non-blocking API-composition gateway.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class MosaicCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.exit(new CommandLine(new MosaicCommand()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
