package dev.mosaic.gateway.cli;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PlanCompiler;
import dev.mosaic.rules.plan.RiskySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Validates configs without starting anything; exit 1 when any has a problem. A valid config's
 * risky settings (an open admin API, a shared admin port, a write without a deadline) are printed
 * as warnings at their positions, and do not change the exit code.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check configs and print every problem as file:line:col: message.")
final class CheckCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "CONFIG", description = "YAML config files")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int broken = 0;
    for (Path file : files) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        GatewayPlan plan = PlanCompiler.compile(file.toString(), text);
        out.printf(
            "%s: OK (%d endpoints, %d services)%n",
            file, plan.endpoints().size(), plan.services().size());
        for (ConfigProblem warning :
            RiskySettings.find(file.toString(), text, System::getenv, plan)) {
          err.println(warning);
        }
      } catch (ConfigException e) {
        broken++;
        for (ConfigProblem problem : e.problems()) {
          err.println(problem);
        }
        err.printf("%s: %d problem(s)%n", file, e.problems().size());
      } catch (IOException e) {
        broken++;
        err.printf("%s: cannot read: %s%n", file, e.getMessage());
      }
    }
    out.flush();
    err.flush();
    return broken == 0 ? 0 : 1;
  }
}
