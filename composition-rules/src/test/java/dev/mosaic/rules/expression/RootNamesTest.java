package dev.mosaic.rules.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pins the dependency inference to the JSONata AST of the library version in use. */
class RootNamesTest {

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "product                                       | product",
        "product.sellerId                              | product",
        "reviews.{ \"rating\": rating, \"text\": text }  | reviews",
        "$count(reviews[rating > 3])                    | reviews",
        "$$.order.items                                 | order",
        "a ? b : c                                      | a b c",
        "{\"x\": product.id, \"y\": stock.available}    | product stock",
        "order.items#$i.{\"n\": $$.products[$i].name}  | order products",
        "headers.`x-user-id`                            | headers",
        "x & \"-\" & y                                  | x y",
        "items^(price)                                  | items",
        "$.product.id                                   | product",
        "$map(list, function($v) { $v.id })             | list",
        "order.items[productId = $$.path.id].quantity   | order path",
        "order@$o.customer.name                         | order customer",
        "order@$o.catalog[id = $o.items[0].productId]   | order catalog",
        "\"constant\"                                    | ''"
      })
  void namesReadFromTheRoot(String source, String expected) throws Exception {
    Set<String> want = expected.isBlank() ? Set.of() : Set.of(expected.trim().split(" +"));
    Expression e = Expression.compile(source);
    assertEquals(want, e.rootNames(), source);
    assertFalse(e.readsWholeContext(), source);
  }

  @Test
  void wholeContextReadsAreFlagged() throws Exception {
    assertTrue(Expression.compile("$").readsWholeContext());
    assertTrue(Expression.compile("$$").readsWholeContext());
    assertTrue(Expression.compile("*").readsWholeContext());
    assertTrue(Expression.compile("order.%.customer.name").readsWholeContext());
    assertTrue(Expression.compile("order.items.%.%.customer.name").readsWholeContext());
    assertTrue(Expression.compile("order.items.$lookup($$, 'customer')").readsWholeContext());
    assertTrue(Expression.compile("order.($$).customer").readsWholeContext());
    assertTrue(Expression.compile("$eval('customer.name')").readsWholeContext());
    assertFalse(Expression.compile("reviews[$.rating > 3]").readsWholeContext());
  }
}
