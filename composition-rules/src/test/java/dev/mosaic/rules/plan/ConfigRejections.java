package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.util.List;
import java.util.stream.Collectors;

/** The one assertion every rejection test makes: exactly one problem, at line:col, saying this. */
final class ConfigRejections {

  private ConfigRejections() {}

  /**
   * Compiles {@code yaml} as t.yaml and asserts one problem, there, whose message has each part.
   */
  static void rejects(String yaml, int line, int column, String... fragments) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> PlanCompiler.compile("t.yaml", yaml));
    List<ConfigProblem> found = e.problems();
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), "expected one problem, got:\n" + all);
    assertEquals("t.yaml:" + line + ":" + column, found.get(0).position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(found.get(0).message().contains(fragment), "'" + fragment + "' not in: " + all);
    }
  }
}
