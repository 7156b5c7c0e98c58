package dev.mosaic.gateway.saga;

import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.TimeoutException;

/**
 * A time limit on a saga log command, on the event loop's timeout wheel. A command that hangs (a
 * connection blackholed while another loop's renewals still get through) would otherwise hold its
 * saga for ever, and the client with it; past the limit the saga stops as if the write had failed,
 * and is finished from the log once its lease lapses. A third of a lease: long enough for any
 * healthy Redis, short enough that the saga is left before its lease would be renewed again.
 */
final class LogDeadline {

  private LogDeadline() {}

  static <T> Future<T> bound(Timeouts timeouts, long nanos, Future<T> command) {
    if (command.isComplete()) {
      return command;
    }
    Promise<T> bounded = Promise.promise();
    Timeouts.Timeout limit =
        timeouts.schedule(
            nanos,
            () ->
                bounded.tryFail(
                    new TimeoutException(
                        "no answer from the saga log in " + nanos / 1_000_000 + " ms")));
    command.onComplete(
        done -> {
          limit.cancel();
          if (done.succeeded()) {
            bounded.tryComplete(done.result());
          } else {
            bounded.tryFail(done.cause());
          }
        });
    return bounded.future();
  }
}
