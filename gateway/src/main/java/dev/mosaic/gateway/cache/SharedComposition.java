package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.http.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * One composition of a cached endpoint's missed answer that every concurrent miss of the same key
 * shares, on any event loop: N identical misses, one execution. The first request to miss leads (it
 * composes, then says what came of it); the others follow and get its answer on their own loops. An
 * answer that may not be cached (degraded, failed) is not shared either: each follower then
 * composes its own, as it would have without the leader.
 */
public final class SharedComposition {

  private final FragmentCache tiers;
  private final String key;
  private final Flight flight;
  private final boolean leads;

  private SharedComposition(FragmentCache tiers, String key, Flight flight, boolean leads) {
    this.tiers = tiers;
    this.key = key;
    this.flight = flight;
    this.leads = leads;
  }

  static SharedComposition join(FragmentCache tiers, String key) {
    Flight mine = new Flight();
    Flight running = tiers.join(key, mine);
    if (running == null) {
      return new SharedComposition(tiers, key, mine, true);
    }
    tiers.counts().joinedFlight();
    return new SharedComposition(tiers, key, running, false);
  }

  /** Whether this request composes the answer; when not, it waits for {@link #followed()}. */
  public boolean leads() {
    return leads;
  }

  /**
   * The leader's answer, on the caller's context.
   *
   * @return its body, or null when it may not be shared and the follower must compose its own
   */
  public Future<Buffer> followed() {
    Promise<Buffer> answer = Promise.promise();
    flight.await(
        Vertx.currentContext(),
        ended -> answer.complete(ended.succeeded() ? ended.result().body() : null));
    return answer.future();
  }

  /**
   * The leader's answer is known; followers are released. Called exactly once by the leader,
   * whatever came of its request.
   *
   * @param cacheable the stored body, or null when the answer was not stored
   */
  public void done(Buffer cacheable) {
    if (!leads) {
      return;
    }
    tiers.landed(key, flight);
    flight.complete(
        cacheable == null
            ? Future.failedFuture("not shareable")
            : Future.succeededFuture(new ServiceResponse(200, "application/json", cacheable)));
  }
}
