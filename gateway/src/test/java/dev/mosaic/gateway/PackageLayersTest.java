package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway's packages form layers: no two packages depend on each other, directly or through
 * others. A cycle is how a structure erodes (each package then has to be understood together with
 * the other), so it fails the build where it is made. Dependencies are read from imports and from
 * fully qualified names in code, the two ways one class names another.
 */
class PackageLayersTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/mosaic/gateway");
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.mosaic\\.gateway\\.([a-z]+)\\.[A-Z]");

  @Test
  void thePackageGraphHasNoCycle() throws IOException {
    Map<String, Set<String>> graph = dependencies();
    assertTrue(graph.size() >= 10, "expected the gateway's packages, found " + graph.keySet());
    List<List<String>> cycles =
        stronglyConnected(graph).stream().filter(c -> c.size() > 1).toList();
    assertEquals(List.of(), cycles, "packages that depend on each other; the graph is " + graph);
  }

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = SOURCES.relativize(file);
        if (relative.getNameCount() < 2) {
          continue; // a class directly in dev.mosaic.gateway would belong to no layer
        }
        String from = relative.getName(0).toString();
        Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(withoutComments(Files.readString(file)));
        while (m.find()) {
          if (!m.group(1).equals(from)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return graph;
  }

  /** Javadoc may name any class ({@code dev.mosaic.gateway.x.Y}) without depending on it. */
  private static String withoutComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
  }

  /**
   * Tarjan's algorithm: each strongly connected component is a set of mutually dependent packages.
   */
  private static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> components = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        visit(node, graph, index, low, stack, onStack, components);
      }
    }
    return components;
  }

  private static void visit(
      String node,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<List<String>> components) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        visit(next, graph, index, low, stack, onStack, components);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      List<String> component = new ArrayList<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      components.add(component);
    }
  }
}
