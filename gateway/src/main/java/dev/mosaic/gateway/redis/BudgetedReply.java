package dev.mosaic.gateway.redis;

import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Redis reply (or what a caller made of one) awaited on the request path, where Redis may only
 * ever make the gateway more available: within a budget on the caller's loop wheel (past it, or on
 * an error, the answer is null), and landing on the caller's context whatever thread the reply came
 * in on.
 */
public final class BudgetedReply {

  private BudgetedReply() {}

  /**
   * @param read what the reply means (may return null)
   * @param failed told when the command failed
   * @param overBudget told when the budget ran out first
   */
  public static <R, T> Future<T> await(
      Future<R> reply,
      Timeouts timeouts,
      long budgetNanos,
      Function<R, T> read,
      Consumer<Throwable> failed,
      Runnable overBudget) {
    Context context = Vertx.currentContext();
    Promise<T> answer = Promise.promise();
    Timeouts.Timeout budget =
        timeouts.schedule(
            budgetNanos,
            () -> {
              if (answer.tryComplete(null)) {
                overBudget.run();
              }
            });
    reply.onComplete(
        replied -> {
          // what the reply means, and a failure's log line, are worked out on the caller's context
          // (the reply may come in on the connection's): a line logged there names its request
          Runnable land =
              () -> {
                budget.cancel();
                if (replied.failed()) {
                  failed.accept(replied.cause());
                  answer.tryComplete(null);
                } else if (!answer.future().isComplete()) { // past the budget: nobody reads it
                  answer.tryComplete(read.apply(replied.result()));
                }
              };
          if (context == null || Vertx.currentContext() == context) {
            land.run();
          } else {
            context.runOnContext(v -> land.run()); // the budget and the caller live on that loop
          }
        });
    return answer.future();
  }
}
