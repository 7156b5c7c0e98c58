package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.cache.CacheCounts.Level;
import dev.mosaic.gateway.cache.CacheCounts.Result;
import dev.mosaic.gateway.cache.CacheCounts.Tier;
import dev.mosaic.gateway.http.CacheUse;
import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.CompletedExchange;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceCaller;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The fragment cache as the outermost layer of a call stack. A fresh entry answers at once (hit). A
 * stale one within stale-while-revalidate answers at once too, and one refresh per key runs behind
 * it. Otherwise the call joins the key's flight, starting it if there is none, so N concurrent
 * misses make one call (miss). When that call fails (an error, a 5xx, a timeout, an open breaker)
 * an entry within stale-if-error stands in, marked as such. Only 2xx answers are stored. Streamed
 * (passthrough) calls bypass it.
 *
 * <p>A flight is not tied to the request that started it: a waiter that gives up (its client left,
 * its time ran out) only stops waiting, and the flight's own limit is the starting call's end.
 */
final class CachingCaller implements ServiceCaller {

  private final FragmentCache cache;
  private final ServiceCaller next;
  private final Timeouts timeouts;

  CachingCaller(FragmentCache cache, ServiceCaller next, Timeouts timeouts) {
    this.cache = cache;
    this.next = next;
    this.timeouts = timeouts;
  }

  @Override
  public Exchange send(Outbound call) {
    if (call.cache() == null || call.streamed()) {
      return next.send(call);
    }
    String key = CacheKey.of(call);
    long now = cache.now();
    CachedAnswer entry = cache.get(key);
    CacheCounts counts = cache.counts();
    if (entry != null && now < entry.freshUntil()) {
      counts.count(Level.FRAGMENT, Tier.L1, Result.HIT);
      return CompletedExchange.answered(entry.toResponse(CacheUse.State.HIT, now));
    }
    if (entry != null && now < entry.revalidateUntil()) {
      counts.count(Level.FRAGMENT, Tier.L1, Result.STALE);
      Flight refresh = new Flight();
      if (cache.join(key, refresh) == null) {
        fly(call, key, refresh);
      }
      return CompletedExchange.answered(entry.toResponse(CacheUse.State.STALE, now));
    }
    counts.count(Level.FRAGMENT, Tier.L1, Result.MISS);
    Waiting waiting = new Waiting(entry);
    Flight mine = new Flight();
    Flight running = cache.join(key, mine);
    Flight flight = running != null ? running : mine;
    flight.await(Vertx.currentContext(), waiting::landed);
    if (running == null) {
      fly(call, key, mine);
    } else {
      counts.joinedFlight();
    }
    return waiting;
  }

  /**
   * Runs one flight: the shared tier first (a fresh entry there lands in this process too), then
   * the service; a good answer is stored in both tiers and handed to every waiter.
   */
  private void fly(Outbound call, String key, Flight flight) {
    RedisTier shared = cache.shared();
    if (shared == null) {
      callService(call, key, flight);
      return;
    }
    shared
        .get(key, timeouts)
        .onComplete(
            read -> {
              CachedAnswer found = read.result();
              long now = cache.now();
              if (found != null && now < found.freshUntil()) {
                cache.counts().count(Level.FRAGMENT, Tier.L2, Result.HIT);
                cache.put(key, found.withTags(call.tags()));
                cache.landed(key, flight);
                flight.complete(Future.succeededFuture(found.toResponse(CacheUse.State.HIT, now)));
                return;
              }
              if (found != null && cache.get(key) == null && now < found.expiresAt()) {
                cache.put(
                    key,
                    found.withTags(
                        call.tags())); // past its ttl, still good for revalidation or errors
              }
              cache.counts().count(Level.FRAGMENT, Tier.L2, Result.MISS);
              callService(call, key, flight);
            });
  }

  private void callService(Outbound call, String key, Flight flight) {
    Exchange exchange = next.send(call);
    Timeouts.Timeout limit =
        timeouts.schedule(
            call.endsAtNanos() - System.nanoTime(),
            () ->
                exchange.cancel(
                    new CallFailure(
                        CallFailure.Kind.TIMEOUT,
                        call.service().name() + ": no answer within the call's time")));
    exchange
        .result()
        .onComplete(
            ended -> {
              limit.cancel();
              AsyncResult<ServiceResponse> landed = ended;
              if (ended.succeeded()
                  && ended.result().status() >= 200
                  && ended.result().status() < 300) {
                long ttl = store(call, key, ended.result());
                // a miss says how long its answer now stays fresh here, or that it was not kept
                landed =
                    Future.succeededFuture(
                        ended
                            .result()
                            .withCache(
                                new CacheUse(
                                    CacheUse.State.MISS,
                                    0,
                                    ttl > 0 ? ttl / 1_000_000_000L : CacheUse.NOT_KEPT)));
              }
              cache.landed(key, flight);
              flight.complete(landed);
            });
  }

  /**
   * Stores a good answer as its Cache-Control allows: {@code no-store} nowhere; {@code private}
   * never in the shared tier, and in this process only when the key holds the caller's identity;
   * {@code s-maxage}/{@code max-age} as the ttl when the call takes it from the service. Fresh from
   * when it arrived: an answer slower than its ttl must not be stored already stale.
   */
  /**
   * @return how long the answer stays fresh in nanoseconds, or 0 when it was not stored
   */
  private long store(Outbound call, String key, ServiceResponse response) {
    CacheControl control = CacheControl.parse(response.cacheControl());
    if (control.noStore() || (control.isPrivate() && !call.cache().variesOnIdentity())) {
      return 0;
    }
    long ttl =
        call.cache().fromCacheControl() && control.maxAgeSeconds() >= 0
            ? control.maxAgeSeconds() * 1_000_000_000L
            : call.cache().ttl().toNanos();
    if (ttl <= 0) {
      return 0;
    }
    CachedAnswer answer = CachedAnswer.of(response, call.cache(), ttl, cache.now(), call.tags());
    cache.put(key, answer);
    if (cache.shared() != null && !control.isPrivate()) {
      cache.shared().put(key, answer);
    }
    return ttl;
  }

  /** One caller waiting on a flight, on its own event loop. */
  private final class Waiting implements Exchange {
    private final CachedAnswer stale;
    private final Promise<ServiceResponse> result = Promise.promise();

    Waiting(CachedAnswer stale) {
      this.stale = stale;
    }

    void landed(AsyncResult<ServiceResponse> ended) {
      boolean good = ended.succeeded() && ended.result().status() < 500;
      long now = cache.now();
      if (good) {
        ServiceResponse response = ended.result();
        // each waiter gets a body of its own: a Buffer is not shared between event loops
        result.tryComplete(
            new ServiceResponse(
                response.status(),
                response.contentType(),
                response.body() == null ? null : response.body().copy(),
                null,
                response.instance(),
                response.cache() != null ? response.cache() : CacheUse.MISS,
                null)); // a hit from the shared tier stays one
      } else if (stale != null && now < stale.usableOnErrorUntil()) {
        cache.counts().count(Level.FRAGMENT, Tier.L1, Result.STALE_IF_ERROR);
        result.tryComplete(stale.toResponse(CacheUse.State.STALE_IF_ERROR, now));
      } else if (ended.succeeded()) {
        result.tryComplete(ended.result());
      } else {
        result.tryFail(ended.cause());
      }
    }

    @Override
    public Future<ServiceResponse> result() {
      return result.future();
    }

    @Override
    public void cancel(CallFailure why) {
      result.tryFail(why); // only this caller stops waiting; the flight serves the others
    }

    @Override
    public int instance() {
      return -1;
    }
  }
}
