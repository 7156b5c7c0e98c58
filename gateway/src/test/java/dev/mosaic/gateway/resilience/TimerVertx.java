package dev.mosaic.gateway.resilience;

import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link Vertx} that only has timers, and runs them on a test's manual {@link Timeouts}: enough
 * for vertx-circuit-breaker, whose reset timer moves an open breaker to half-open, so the test
 * decides when {@code openFor} has passed. Anything else it is asked fails loudly.
 */
final class TimerVertx {

  private TimerVertx() {}

  @SuppressWarnings("unchecked")
  static Vertx over(Timeouts timeouts) {
    Map<Long, Timeouts.Timeout> timers = new HashMap<>();
    long[] ids = {0};
    return (Vertx)
        Proxy.newProxyInstance(
            Vertx.class.getClassLoader(),
            new Class<?>[] {Vertx.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "setTimer" -> {
                    long id = ++ids[0];
                    Handler<Long> handler = (Handler<Long>) args[1];
                    timers.put(
                        id,
                        timeouts.schedule(
                            (Long) args[0] * 1_000_000,
                            () -> {
                              timers.remove(id);
                              handler.handle(id);
                            }));
                    yield id;
                  }
                  case "cancelTimer" -> {
                    Timeouts.Timeout timer = timers.remove((Long) args[0]);
                    if (timer != null) {
                      timer.cancel();
                    }
                    yield timer != null;
                  }
                  case "toString" -> "TimerVertx";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default ->
                      throw new UnsupportedOperationException(
                          "TimerVertx has only timers: " + method);
                });
  }
}
