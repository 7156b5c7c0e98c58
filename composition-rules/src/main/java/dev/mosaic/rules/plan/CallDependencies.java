package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.Problems;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Infers which calls each call waits for: those whose names its expressions read. Reports the
 * cycles, in which no call could ever start, and turns the drafts into {@link CallPlan}s that know
 * their place in the graph.
 */
final class CallDependencies {

  private final List<CallDraft> drafts;
  private final List<List<Integer>> dependsOn;
  private final CallGraph graph;

  private CallDependencies(List<CallDraft> drafts, List<List<Integer>> dependsOn, CallGraph graph) {
    this.drafts = drafts;
    this.dependsOn = dependsOn;
    this.graph = graph;
  }

  static CallDependencies infer(List<CallDraft> drafts, Problems problems) {
    Set<String> names = new LinkedHashSet<>();
    drafts.forEach(d -> names.add(d.name()));
    List<List<Integer>> dependsOn = new ArrayList<>();
    for (CallDraft d : drafts) {
      Set<Integer> deps = new TreeSet<>();
      for (TemplateCompiler.Use use : d.uses()) {
        for (String name : use.expression().rootNames()) {
          int index = indexOf(drafts, name);
          if (index >= 0) {
            deps.add(index);
          }
        }
      }
      dependsOn.add(new ArrayList<>(deps));
    }
    CallGraph graph = new CallGraph(new ArrayList<>(names), dependsOn);
    for (List<Integer> cycle : graph.cycles()) {
      CallDraft first = drafts.get(cycle.get(0));
      problems.add(
          first.position(),
          "dependency cycle: "
              + graph.describe(cycle)
              + " (each call waits for the next; none can start)");
    }
    return new CallDependencies(drafts, dependsOn, graph);
  }

  /** The calls in declared order, each knowing whom it waits for and who waits for it. */
  List<CallPlan> plans() {
    List<List<Integer>> dependents = graph.dependents();
    List<CallPlan> calls = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      calls.add(drafts.get(i).plan(i, dependsOn.get(i), dependents.get(i)));
    }
    return calls;
  }

  private static int indexOf(List<CallDraft> drafts, String name) {
    for (int i = 0; i < drafts.size(); i++) {
      if (drafts.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
