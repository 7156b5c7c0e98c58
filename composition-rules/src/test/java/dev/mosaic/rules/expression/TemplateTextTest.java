package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTextTest {

  @Test
  void nestedBracesAndStringsStayInOneExpression() throws Exception {
    List<TemplateText.Part> parts = TemplateText.parse("${reviews.{ \"t\": \"}\" & text }}!");
    assertEquals(2, parts.size());
    assertEquals(
        "reviews.{ \"t\": \"}\" & text }",
        ((TemplateText.Expr) parts.get(0)).expression().source());
    assertEquals("!", ((TemplateText.Literal) parts.get(1)).text());
  }

  @Test
  void aLoneExpressionKeepsItsJsonType() throws Exception {
    ValueTemplate t = ValueTemplate.ofText("${product.price}");
    assertInstanceOf(ValueTemplate.Single.class, t);
    assertEquals(12.5, t.render(Map.of("product", Map.of("price", 12.5))));
  }

  @Test
  void textAroundExpressionsMakesAString() throws Exception {
    ValueTemplate t = ValueTemplate.ofText("#${order.id} for ${customer.name}");
    assertEquals(
        "#7 for Ada",
        t.render(Map.of("order", Map.of("id", 7), "customer", Map.of("name", "Ada"))));
  }

  @Test
  void doubledDollarWritesALiteral() throws Exception {
    assertEquals(new ValueTemplate.Constant("costs ${x}"), ValueTemplate.ofText("costs $${x}"));
    assertEquals("a ${b} 3", ValueTemplate.ofText("a $${b} ${c}").render(Map.of("c", 3)));
  }

  @Test
  void unclosedExpressionSaysWhere() {
    InvalidExpressionException e =
        assertThrows(
            InvalidExpressionException.class, () -> TemplateText.parse("/products/${path.id"));
    assertEquals(10, e.offset());
  }

  @Test
  void invalidJsonataSaysWhereInTheText() {
    InvalidExpressionException e =
        assertThrows(InvalidExpressionException.class, () -> TemplateText.parse("/p/${product.}"));
    assertEquals(true, e.offset() >= 5, "offset " + e.offset());
  }
}
