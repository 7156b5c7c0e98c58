package dev.mosaic.rules.plan;

import dev.mosaic.rules.expression.Expression;
import dev.mosaic.rules.expression.ValueTemplate;

/**
 * An endpoint's {@code respond:} entry: when {@code when} holds over the request alone, the
 * endpoint answers {@code status} at once and makes no call, e.g. 404 for an id a rule can reject.
 *
 * @param body for a 2xx the answer's JSON; for a 4xx/5xx the problem's own fields ({@code type},
 *     {@code title}, {@code detail} and extension members), which Mosaic completes with {@code
 *     status}, {@code instance} and the request's ids; null for none
 */
public record EarlyAnswer(Expression when, int status, ValueTemplate body) {

  /** A 4xx or 5xx: answered as {@code application/problem+json}. */
  public boolean problem() {
    return status >= 400;
  }
}
