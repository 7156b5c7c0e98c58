package dev.mosaic.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar mosaic.jar <run|check|demo>}. */
@Command(
    name = "mosaic",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Non-blocking API-composition gateway.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      DemoCommand.class,
      ExplainCommand.class,
      OpenApiCommand.class,
      CommandLine.HelpCommand.class
    })
public final class MosaicCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with Mosaic's exit codes: usage mistakes 2 (picocli's own), anything a command
   * throws 3 (it got past its config: starting failed).
   */
  public static CommandLine commandLine() {
    // usage mistakes already exit 2 (picocli's default, ExitCodes.USAGE)
    return new CommandLine(new MosaicCommand())
        .setExecutionExceptionHandler(
            (e, command, parsed) -> {
              command.getErr().println("mosaic: " + e);
              return ExitCodes.START_FAILURE;
            });
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
