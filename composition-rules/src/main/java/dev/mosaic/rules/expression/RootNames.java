package dev.mosaic.rules.expression;

import com.dashjoin.jsonata.Jsonata;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the top-level names an expression reads from the context ({@code product} in {@code
 * product.sellerId}), which is how call dependencies are inferred.
 *
 * <p>Implementation note: com.dashjoin:jsonata keeps its AST package-private, so this walks it by
 * reflection. A name is a root read when it is the first step of a path evaluated against the
 * context, follows {@code $$}, or follows a focus-bound step ({@code order@$o.customer}). Steps
 * after the first, predicates, filters, groups and sort terms run against the current item instead,
 * so names there are not roots. Anything else is walked with the parent's context, which can only
 * over-approximate (an extra dependency), never miss one. What cannot be seen statically — a bare
 * {@code $$}, the parent operator {@code %}, {@code $eval} — marks the expression as reading the
 * whole context, which call templates may not do. The walk is pinned to the library version by
 * RootNamesTest.
 */
final class RootNames {

  /** Fields holding child nodes that run against the current item, not the parent's context. */
  private static final Set<String> RELATIVE_FIELDS =
      Set.of("stages", "predicate", "group", "terms");

  /** Back-references and evaluation state, not children. */
  private static final Set<String> SKIPPED_FIELDS =
      Set.of(
          "ancestor",
          "seekingParent",
          "slot",
          "nextFunction",
          "tuple",
          "environment",
          "input",
          "focus",
          "token",
          "errors",
          "error",
          "signature",
          "this$0");

  private static final Field AST;
  private static final Class<?> SYMBOL;
  private static final List<Field> CHILD_FIELDS = new ArrayList<>();
  private static final Field TYPE;
  private static final Field VALUE;
  private static final Field STEPS;
  private static final Field FOCUS;
  private static final Field PROCEDURE;

  static {
    try {
      AST = Jsonata.class.getDeclaredField("ast");
      AST.setAccessible(true);
      Class<?> symbol = Class.forName("com.dashjoin.jsonata.Parser$Symbol");
      SYMBOL = symbol;
      TYPE = symbol.getDeclaredField("type");
      VALUE = symbol.getDeclaredField("value");
      STEPS = symbol.getDeclaredField("steps");
      FOCUS = symbol.getDeclaredField("focus");
      PROCEDURE = symbol.getDeclaredField("procedure");
      for (Field f : new Field[] {TYPE, VALUE, STEPS, FOCUS, PROCEDURE}) {
        f.setAccessible(true);
      }
      for (Field f : symbol.getDeclaredFields()) {
        if (SKIPPED_FIELDS.contains(f.getName()) || f.getName().equals("steps")) {
          continue;
        }
        if (f.getType() == symbol
            || List.class.isAssignableFrom(f.getType())
            || f.getType() == Object.class) {
          f.setAccessible(true);
          CHILD_FIELDS.add(f);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What an expression reads at its root. */
  record Reads(Set<String> names, boolean wholeContext) {}

  private final Set<String> names = new LinkedHashSet<>();
  private final Set<Object> visited = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean wholeContext;

  private RootNames() {}

  static Reads of(Jsonata compiled) {
    RootNames walker = new RootNames();
    try {
      walker.walk(AST.get(compiled), true);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    return new Reads(Set.copyOf(walker.names), walker.wholeContext);
  }

  private void walk(Object node, boolean atRoot) throws IllegalAccessException {
    if (node == null || !visited.add(node)) {
      return;
    }
    String type = (String) TYPE.get(node);
    Object value = VALUE.get(node);
    if ("path".equals(type)) {
      walkPath(node, atRoot);
      return;
    }
    if ("name".equals(type)) {
      if (atRoot) {
        names.add(String.valueOf(value));
      }
      walkChildren(node, false);
      return;
    }
    if (atRoot
        && ("wildcard".equals(type)
            || "descendant".equals(type)
            || isContextVariable(type, value))) {
      wholeContext = true;
    }
    if (readsAnything(node, type, value)) {
      wholeContext = true;
    }
    walkChildren(node, atRoot);
  }

  private void walkPath(Object path, boolean atRoot) throws IllegalAccessException {
    @SuppressWarnings("unchecked")
    List<Object> steps = (List<Object>) STEPS.get(path);
    boolean stepAtRoot = atRoot;
    for (int i = 0; i < steps.size(); i++) {
      Object step = steps.get(i);
      String type = (String) TYPE.get(step);
      Object value = VALUE.get(step);
      boolean last = i == steps.size() - 1;
      if ("variable".equals(type) && "$".equals(value)) {
        // $$ is the root wherever it appears
        if (last) {
          wholeContext = true;
        }
        walkChildren(step, false);
        stepAtRoot = true;
        continue;
      }
      if ("variable".equals(type) && "".equals(value)) {
        if (last && stepAtRoot) {
          wholeContext = true;
        }
        walkChildren(step, false);
        continue; // $ keeps the current context for the next step
      }
      if ("parent".equals(type)) {
        wholeContext = true; // % can climb back to the root and read any name there
      }
      walk(step, stepAtRoot);
      // a focus binding (order@$o) keeps the context of its step for the next one
      stepAtRoot = FOCUS.get(step) != null && stepAtRoot;
    }
  }

  /**
   * Constructs whose reads cannot be seen statically: a bare {@code $$} anywhere (it can be passed
   * to {@code $lookup} or mapped over), and {@code $eval}, which evaluates a string at run time.
   */
  private static boolean readsAnything(Object node, String type, Object value)
      throws IllegalAccessException {
    if ("variable".equals(type) && "$".equals(value)) {
      return true;
    }
    if ("function".equals(type) || "partial".equals(type)) {
      Object procedure = PROCEDURE.get(node);
      return procedure != null
          && "variable".equals(TYPE.get(procedure))
          && "eval".equals(VALUE.get(procedure));
    }
    return false;
  }

  @SuppressWarnings("ReferenceEquality") // the very Field objects of CHILD_FIELDS
  private void walkChildren(Object node, boolean atRoot) throws IllegalAccessException {
    for (Field field : CHILD_FIELDS) {
      Object child = field.get(node);
      if (child == null || field == TYPE || field == VALUE) {
        continue;
      }
      boolean childAtRoot = atRoot && !RELATIVE_FIELDS.contains(field.getName());
      walkValue(child, childAtRoot);
    }
  }

  private void walkValue(Object child, boolean atRoot) throws IllegalAccessException {
    if (child instanceof List<?> list) {
      for (Object item : list) {
        walkValue(item, atRoot);
      }
    } else if (child instanceof Object[] pair) {
      for (Object item : pair) {
        walkValue(item, atRoot);
      }
    } else if (SYMBOL.isInstance(child)) { // operators are anonymous subclasses of Symbol
      walk(child, atRoot);
    }
  }

  private static boolean isContextVariable(String type, Object value) {
    return "variable".equals(type) && ("".equals(value) || "$".equals(value));
  }
}
