package dev.mosaic.stubs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One stub service on a free port with its own Vert.x, for tests that talk to it over plain
 * sockets.
 */
final class OneStub implements AutoCloseable {

  /** Generated once: the services only read it. */
  private static final SeedData DATA = SeedData.generate(42);

  private final Vertx vertx;
  private final StubService service;

  private OneStub(Vertx vertx, StubService service) {
    this.vertx = vertx;
    this.service = service;
  }

  static OneStub start(String name) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      StubService service =
          await(StubService.start(vertx, name, 0, new Behaviour(LatencyModel.NONE, 0, 1), DATA));
      return new OneStub(vertx, service);
    } catch (Exception e) {
      await(vertx.close());
      throw e;
    }
  }

  int port() {
    return service.port();
  }

  StubService service() {
    return service;
  }

  JsonObject control(String change) throws IOException {
    RawHttp.Answer answer = RawHttp.post(port(), "/_control", change);
    if (answer.status() != 200) {
      throw new AssertionError(
          "control " + change + " answered " + answer.status() + ": " + answer.text());
    }
    return new JsonObject(answer.text());
  }

  JsonObject state() throws IOException {
    return new JsonObject(RawHttp.get(port(), "/_control").text());
  }

  /** Polls {@code GET /_control} until the state matches; fails after {@code deadline}. */
  JsonObject awaitState(Predicate<JsonObject> wanted, Duration deadline, String what)
      throws Exception {
    long giveUp = System.nanoTime() + deadline.toNanos();
    JsonObject state = state();
    while (!wanted.test(state)) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError(
            "not " + what + " within " + deadline + ": " + state.copy().put("recent", "…"));
      }
      Thread.sleep(10);
      state = state();
    }
    return state;
  }

  @Override
  public void close() throws Exception {
    try {
      await(service.close());
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
