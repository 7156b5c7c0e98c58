package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.http.ServiceResponse;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * One call to a service that every concurrent miss for the same key waits on (coalescing: N misses,
 * one call). Waiters may sit on other event loops: each is handed the result on its own context, so
 * the code behind it keeps running on the loop that owns its request.
 */
final class Flight {

  private record Waiter(Context context, Handler<AsyncResult<ServiceResponse>> handler) {}

  private final List<Waiter> waiters = new ArrayList<>();
  private AsyncResult<ServiceResponse> result;

  void await(Context context, Handler<AsyncResult<ServiceResponse>> handler) {
    AsyncResult<ServiceResponse> done;
    synchronized (this) {
      done = result;
      if (done == null) {
        waiters.add(new Waiter(context, handler));
        return;
      }
    }
    deliver(new Waiter(context, handler), done);
  }

  void complete(AsyncResult<ServiceResponse> ended) {
    List<Waiter> waiting;
    synchronized (this) {
      result = ended;
      waiting = List.copyOf(waiters);
      waiters.clear();
    }
    waiting.forEach(w -> deliver(w, ended));
  }

  private static void deliver(Waiter waiter, AsyncResult<ServiceResponse> ended) {
    if (Context.isOnEventLoopThread() && io.vertx.core.Vertx.currentContext() == waiter.context()) {
      waiter.handler().handle(ended);
    } else {
      waiter.context().runOnContext(v -> waiter.handler().handle(ended));
    }
  }
}
