package dev.mosaic.rules.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The calls of one endpoint as a dependency graph: which calls each one waits for, and the cycles
 * that would make an endpoint wait forever. Call indexes follow declaration order.
 */
final class CallGraph {

  private final List<String> names;
  private final List<List<Integer>> dependsOn;

  CallGraph(List<String> names, List<List<Integer>> dependsOn) {
    this.names = names;
    this.dependsOn = dependsOn;
  }

  List<List<Integer>> dependents() {
    List<List<Integer>> dependents = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      dependents.add(new ArrayList<>());
    }
    for (int i = 0; i < names.size(); i++) {
      for (int dependency : dependsOn.get(i)) {
        dependents.get(dependency).add(i);
      }
    }
    return dependents;
  }

  /** Each cycle once, as call indexes in order, starting from its first-declared call. */
  List<List<Integer>> cycles() {
    List<List<Integer>> cycles = new ArrayList<>();
    int[] state = new int[names.size()]; // 0 new, 1 on the current path, 2 done
    for (int i = 0; i < names.size(); i++) {
      if (state[i] == 0) {
        visit(i, state, new ArrayList<>(), cycles);
      }
    }
    return cycles;
  }

  private void visit(int call, int[] state, List<Integer> path, List<List<Integer>> cycles) {
    state[call] = 1;
    path.add(call);
    for (int dependency : dependsOn.get(call)) {
      if (state[dependency] == 1) {
        List<Integer> cycle = new ArrayList<>(path.subList(path.indexOf(dependency), path.size()));
        cycles.add(rotateToSmallest(cycle));
      } else if (state[dependency] == 0) {
        visit(dependency, state, path, cycles);
      }
    }
    path.remove(path.size() - 1);
    state[call] = 2;
  }

  private static List<Integer> rotateToSmallest(List<Integer> cycle) {
    int smallest = cycle.indexOf(cycle.stream().min(Integer::compare).orElseThrow());
    List<Integer> rotated = new ArrayList<>(cycle.subList(smallest, cycle.size()));
    rotated.addAll(cycle.subList(0, smallest));
    return rotated;
  }

  /** "product → seller → product": the cycle read in the direction of waiting. */
  String describe(List<Integer> cycle) {
    StringBuilder out = new StringBuilder();
    for (int call : cycle) {
      out.append(names.get(call)).append(" → ");
    }
    return out.append(names.get(cycle.get(0))).toString();
  }
}
