package dev.mosaic.gateway.cli;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** A config compiled for a command that only reads it ({@code explain}, {@code openapi}). */
final class ConfigFile {

  private ConfigFile() {}

  /**
   * @return the plan, or null when the file cannot be read or has problems, which are printed to
   *     {@code err} as file:line:col (the command then exits {@link ExitCodes#INVALID_CONFIG})
   */
  static GatewayPlan compileOrReport(Path config, PrintWriter err) {
    try {
      return PlanCompiler.compile(config);
    } catch (ConfigException e) {
      e.problems().stream().map(ConfigProblem::toString).forEach(err::println);
      err.printf("%s: %d problem(s)%n", config, e.problems().size());
    } catch (IOException e) {
      err.printf("%s: cannot read: %s%n", config, e.getMessage());
    }
    err.flush();
    return null;
  }
}
