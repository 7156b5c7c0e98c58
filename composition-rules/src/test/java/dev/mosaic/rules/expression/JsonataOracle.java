package dev.mosaic.rules.expression;

import com.dashjoin.jsonata.Jsonata;
import java.util.Map;

/** JSONata alone, as the fast paths' differential tests ask it: the answer they must give. */
final class JsonataOracle {

  private JsonataOracle() {}

  /** The value (null for nothing), as {@link Expression#evaluate} reports it; throws as JSONata. */
  static Object evaluate(String source, Map<String, Object> context) {
    Jsonata compiled = Jsonata.jsonata(source);
    compiled.setValidateInput(false);
    Object result = compiled.evaluate(context);
    return result == Jsonata.NULL_VALUE ? null : result;
  }
}
