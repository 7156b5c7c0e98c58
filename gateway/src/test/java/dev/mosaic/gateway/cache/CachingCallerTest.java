package dev.mosaic.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.call.ExplosiveCaller;
import dev.mosaic.gateway.call.ScriptedCaller;
import dev.mosaic.gateway.http.CacheUse;
import dev.mosaic.gateway.http.CallFailure.Kind;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.time.ManualTimeouts;
import dev.mosaic.rules.plan.CacheSettings;
import dev.mosaic.rules.plan.CallCache;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.Resilience;
import dev.mosaic.rules.plan.ServiceAddress;
import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fragment cache as a layer, on manual time: a fresh entry never reaches the next layer, misses
 * coalesce, an old entry stands in for a failed call. Waiters are handed their answer on their
 * event loop's context, so each test runs on one (its scripted answers then land at once).
 */
class CachingCallerTest {

  private static Vertx vertx;
  private static Context loop;

  private final ManualTimeouts time = new ManualTimeouts();
  private final FragmentCache cache = new FragmentCache(CacheSettings.NONE, null, time);
  private final Outbound call =
      call(new CallCache(Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(1), List.of()));

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static Outbound call(CallCache cache) {
    ServicePlan service =
        new ServicePlan(
            "catalog",
            List.of(new ServiceAddress(false, "127.0.0.1", 9)),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            8,
            8,
            1 << 20,
            Map.of(),
            Resilience.NONE,
            null);
    return new Outbound(
        service,
        CallResilience.NONE,
        new ServiceRequest("GET", "/products/1", MultiMap.caseInsensitiveMultiMap(), null),
        System.nanoTime() + TimeUnit.SECONDS.toNanos(30),
        false,
        -1,
        cache,
        List.of("product:1"),
        "GET /p/{id}",
        null);
  }

  private void onLoop(Runnable test) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.runOnContext(
        v -> {
          try {
            test.run();
            done.complete(null);
          } catch (Throwable t) {
            done.completeExceptionally(t);
          }
        });
    done.get(10, TimeUnit.SECONDS); // the test thread waits, not the loop
  }

  private Exchange send(ServiceCaller next) {
    return new CachingCaller(cache, next, time).send(call);
  }

  private static ServiceResponse answered(Exchange exchange) {
    assertTrue(exchange.result().succeeded(), () -> "expected an answer, got " + exchange.result());
    return exchange.result().result();
  }

  @Test
  void aFreshEntryAnswersWithoutReachingTheNextLayer() throws Exception {
    onLoop(
        () -> {
          ServiceResponse miss =
              answered(send(new ScriptedCaller().thenAnswer(200, "{\"name\":\"lamp\"}")));
          assertEquals(CacheUse.State.MISS, miss.cache().state());
          time.advanceMillis(9_999);
          ExplosiveCaller explosive = new ExplosiveCaller();
          ServiceResponse hit = answered(send(explosive));
          assertEquals(CacheUse.State.HIT, hit.cache().state());
          assertEquals("{\"name\":\"lamp\"}", hit.body().toString());
          assertEquals(0, explosive.calls());
        });
  }

  @Test
  void pastItsTtlTheServiceIsCalledAgain() throws Exception {
    onLoop(
        () -> {
          send(new ScriptedCaller().thenAnswer(200, "{\"v\":1}"));
          time.advanceMillis(10_000);
          ScriptedCaller service = new ScriptedCaller().thenAnswer(200, "{\"v\":2}");
          assertEquals("{\"v\":2}", answered(send(service)).body().toString());
          assertEquals(1, service.calls());
        });
  }

  @Test
  void concurrentMissesMakeOneCall() throws Exception {
    onLoop(
        () -> {
          ScriptedCaller service = new ScriptedCaller();
          Exchange first = send(service);
          Exchange second = send(service);
          assertEquals(1, service.calls());
          service.sent(0).answer(200, "{\"v\":1}");
          assertEquals("{\"v\":1}", answered(first).body().toString());
          assertEquals("{\"v\":1}", answered(second).body().toString());
        });
  }

  @Test
  void aWaiterThatGivesUpDoesNotStopTheFlightForTheOthers() throws Exception {
    onLoop(
        () -> {
          ScriptedCaller service = new ScriptedCaller();
          Exchange leaving = send(service);
          Exchange staying = send(service);
          leaving.cancel(
              new dev.mosaic.gateway.http.CallFailure(Kind.CANCELLED, "the client left"));
          assertEquals(List.of(), service.sent(0).cancels());
          service.sent(0).answer(200);
          assertEquals(200, answered(staying).status());
        });
  }

  @Test
  void anOldEntryStandsInWhenTheBreakerTurnsTheCallAway() throws Exception {
    onLoop(
        () -> {
          send(new ScriptedCaller().thenAnswer(200, "{\"v\":1}"));
          time.advanceMillis(30_000);
          ServiceResponse stale = answered(send(new ScriptedCaller().thenFail(Kind.BREAKER_OPEN)));
          assertEquals(CacheUse.State.STALE_IF_ERROR, stale.cache().state());
          assertEquals("{\"v\":1}", stale.body().toString());
          time.advanceMillis(60_000);
          Exchange gone = send(new ScriptedCaller().thenFail(Kind.BREAKER_OPEN));
          assertFalse(gone.result().succeeded(), "past staleIfError nothing stands in");
        });
  }
}
