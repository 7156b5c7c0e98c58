package dev.mosaic.rules.expression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value from the config (a response shape, a request body, a fallback) whose strings may
 * hold expressions. A string that is exactly one {@code ${...}} keeps the expression's JSON type; a
 * string with text around expressions becomes a string. Parts without expressions are kept as
 * constants and not rebuilt per request.
 */
public sealed interface ValueTemplate
    permits ValueTemplate.Constant,
        ValueTemplate.Single,
        ValueTemplate.Text,
        ValueTemplate.ObjectShape,
        ValueTemplate.ArrayShape {

  Object render(Map<String, ?> context) throws EvaluationException;

  /** Every expression inside, in document order. */
  List<Expression> expressions();

  default Set<String> rootNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Expression e : expressions()) {
      names.addAll(e.rootNames());
    }
    return names;
  }

  record Constant(Object value) implements ValueTemplate {
    @Override
    public Object render(Map<String, ?> context) {
      return value;
    }

    @Override
    public List<Expression> expressions() {
      return List.of();
    }
  }

  record Single(Expression expression) implements ValueTemplate {
    @Override
    public Object render(Map<String, ?> context) throws EvaluationException {
      return expression.evaluate(context);
    }

    @Override
    public List<Expression> expressions() {
      return List.of(expression);
    }
  }

  record Text(List<TemplateText.Part> parts) implements ValueTemplate {
    @Override
    public Object render(Map<String, ?> context) throws EvaluationException {
      StringBuilder out = new StringBuilder();
      for (TemplateText.Part part : parts) {
        if (part instanceof TemplateText.Literal literal) {
          out.append(literal.text());
        } else if (part instanceof TemplateText.Secret secret) {
          out.append(secret.value());
        } else {
          out.append(JsonText.asText(((TemplateText.Expr) part).expression().evaluate(context)));
        }
      }
      return out.toString();
    }

    @Override
    public List<Expression> expressions() {
      List<Expression> all = new ArrayList<>();
      for (TemplateText.Part part : parts) {
        if (part instanceof TemplateText.Expr expr) {
          all.add(expr.expression());
        }
      }
      return all;
    }
  }

  record ObjectShape(List<String> keys, List<ValueTemplate> values) implements ValueTemplate {
    @Override
    public Object render(Map<String, ?> context) throws EvaluationException {
      Map<String, Object> out = new LinkedHashMap<>(keys.size() * 2);
      for (int i = 0; i < keys.size(); i++) {
        out.put(keys.get(i), values.get(i).render(context));
      }
      return out;
    }

    @Override
    public List<Expression> expressions() {
      List<Expression> all = new ArrayList<>();
      for (ValueTemplate value : values) {
        all.addAll(value.expressions());
      }
      return all;
    }
  }

  record ArrayShape(List<ValueTemplate> items) implements ValueTemplate {
    @Override
    public Object render(Map<String, ?> context) throws EvaluationException {
      List<Object> out = new ArrayList<>(items.size());
      for (ValueTemplate item : items) {
        out.add(item.render(context));
      }
      return out;
    }

    @Override
    public List<Expression> expressions() {
      List<Expression> all = new ArrayList<>();
      for (ValueTemplate item : items) {
        all.addAll(item.expressions());
      }
      return all;
    }
  }

  /** Builds a template from a string, collapsing expression-free text into a constant. */
  public static ValueTemplate ofText(String text) throws InvalidExpressionException {
    if (!TemplateText.hasExpression(text)) {
      return new Constant(text.replace("$${", "${"));
    }
    List<TemplateText.Part> parts = TemplateText.parse(text);
    if (parts.size() == 1 && parts.get(0) instanceof TemplateText.Expr only) {
      return new Single(only.expression());
    }
    return new Text(parts);
  }
}
