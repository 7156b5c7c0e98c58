package dev.mosaic.gateway.cli;

import dev.mosaic.rules.plan.GatewayPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mosaic openapi CONFIG [-o FILE]}: an OpenAPI 3.1 document of the composed endpoints. */
@Command(
    name = "openapi",
    mixinStandardHelpOptions = true,
    description = "Write an OpenAPI 3.1 document of a config's endpoints (stdout, or -o FILE).")
final class OpenApiCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "YAML config file")
  Path config;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write here instead of stdout")
  Path output;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    GatewayPlan plan = ConfigFile.compileOrReport(config, err);
    if (plan == null) {
      return ExitCodes.INVALID_CONFIG;
    }
    String document = OpenApiDocument.of(plan).encodePrettily() + "\n";
    if (output == null) {
      spec.commandLine().getOut().print(document);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    try {
      Files.writeString(output, document, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.printf("%s: cannot write: %s%n", output, e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    return ExitCodes.OK;
  }
}
