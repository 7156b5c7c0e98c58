package dev.mosaic.rules.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems while a config is read and compiled, so that one run reports all of them. The
 * same message at the same place is kept once: the schema and the compiler may both notice it.
 */
public final class Problems {

  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();

  public void add(SourcePosition at, String message) {
    if (seen.add(at + message)) {
      problems.add(new ConfigProblem(at, message));
    }
  }

  public int count() {
    return problems.size();
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Problems in file order. */
  public List<ConfigProblem> sorted() {
    List<ConfigProblem> copy = new ArrayList<>(problems);
    copy.sort(null);
    return copy;
  }

  public void throwIfAny() throws ConfigException {
    if (!problems.isEmpty()) {
      throw new ConfigException(sorted());
    }
  }
}
