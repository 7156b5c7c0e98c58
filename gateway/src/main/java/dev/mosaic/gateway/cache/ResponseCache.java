package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.cache.CacheCounts.Level;
import dev.mosaic.gateway.cache.CacheCounts.Result;
import dev.mosaic.gateway.cache.CacheCounts.Tier;
import dev.mosaic.gateway.http.CacheUse;
import dev.mosaic.gateway.http.ServiceResponse;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CallCache;
import dev.mosaic.rules.plan.ContextNames;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The composed-response cache: whole answers of an endpoint by route, path and query values and the
 * headers it varies on, in the same two tiers (and under the same tags and bounds) as the fragment
 * cache. Only complete answers are stored: a 200 with nothing degraded. Past its ttl an answer is
 * still served at once for {@code staleWhileRevalidate} (while one composition refreshes it), and
 * stands in for a failed composition for {@code staleIfError}, as fragments do.
 */
public final class ResponseCache {

  private final FragmentCache tiers;

  public ResponseCache(FragmentCache tiers) {
    this.tiers = tiers;
  }

  /**
   * A cached answer: its JSON body and its age.
   *
   * @param stale past its ttl: served while a refresh runs, or in place of a failed composition
   */
  public record Hit(Buffer body, long ageSeconds, boolean stale) {

    public Hit(Buffer body, long ageSeconds) {
      this(body, ageSeconds, false);
    }
  }

  public static String key(EndpointPlan endpoint, Map<String, Object> context) {
    StringBuilder key = new StringBuilder(64).append("response ").append(endpoint.route());
    key.append('\n').append(new TreeMap<>((Map<?, ?>) context.get("path")));
    key.append('\n').append(new TreeMap<>((Map<?, ?>) context.get("query"))); // order-independent
    Map<?, ?> headers = (Map<?, ?>) context.get("headers");
    for (String header : endpoint.cache().vary()) {
      if (header.equals(ContextNames.AUTH) && endpoint.auth() != null) {
        key.append('\n').append(identity((Map<?, ?>) context.get(ContextNames.AUTH)));
        continue;
      }
      Object value = headers == null ? null : headers.get(header);
      key.append('\n').append(header).append(':').append(value == null ? "" : value);
    }
    return key.toString();
  }

  /** Claims that change with every token of the same user; keying on them would never hit. */
  private static final java.util.Set<String> PER_TOKEN =
      java.util.Set.of("exp", "iat", "nbf", "jti", "auth_time");

  /**
   * {@code vary: [auth]}: who the token says the client is, i.e. its claims but the per-token ones.
   */
  private static String identity(Map<?, ?> claims) {
    Map<String, Object> who = new TreeMap<>();
    if (claims != null) {
      claims.forEach(
          (name, value) -> {
            if (!PER_TOKEN.contains(name)) {
              who.put(name.toString(), value);
            }
          });
    }
    return "auth:" + dev.mosaic.gateway.json.JsonCodec.encode(who).toString();
  }

  /**
   * Looks in this process, then in Redis within its budget; on the caller's event loop.
   *
   * @return a fresh answer, a stale one to serve while the caller refreshes it ({@link Hit#stale}),
   *     or null
   */
  public Future<Hit> find(String key, Timeouts timeouts) {
    long now = tiers.now();
    CachedAnswer here = tiers.get(key);
    CacheCounts counts = tiers.counts();
    if (here != null && now < here.freshUntil()) {
      counts.count(Level.RESPONSE, Tier.L1, Result.HIT);
      return Future.succeededFuture(hit(here, now, false));
    }
    if (here != null && now < here.revalidateUntil()) {
      counts.count(Level.RESPONSE, Tier.L1, Result.STALE);
      return Future.succeededFuture(hit(here, now, true));
    }
    counts.count(Level.RESPONSE, Tier.L1, Result.MISS);
    RedisTier shared = tiers.shared();
    if (shared == null) {
      return Future.succeededFuture();
    }
    return shared
        .get(key, timeouts)
        .map(
            found -> {
              long then = tiers.now();
              if (found == null || then >= found.expiresAt()) {
                counts.count(Level.RESPONSE, Tier.L2, Result.MISS);
                return null;
              }
              tiers.put(key, found); // also when only good for errors: onError reads it here
              if (then < found.freshUntil()) {
                counts.count(Level.RESPONSE, Tier.L2, Result.HIT);
                return hit(found, then, false);
              }
              if (then < found.revalidateUntil()) {
                counts.count(Level.RESPONSE, Tier.L2, Result.STALE);
                return hit(found, then, true);
              }
              counts.count(Level.RESPONSE, Tier.L2, Result.MISS);
              return null;
            });
  }

  /**
   * After a miss: leads the key's composition, or follows the one already running, so concurrent
   * identical misses (across event loops) make one execution.
   */
  public SharedComposition compose(String key) {
    return SharedComposition.join(tiers, key);
  }

  public void store(String key, CallCache settings, List<String> tags, Buffer body) {
    long now = tiers.now();
    CachedAnswer answer =
        CachedAnswer.of(
            new ServiceResponse(200, "application/json", body),
            settings,
            settings.ttl().toNanos(),
            now,
            tags);
    tiers.put(key, answer);
    if (tiers.shared() != null) {
      tiers.shared().put(key, answer);
    }
  }

  /**
   * After a composition failed: the answer kept for {@code staleIfError} past its ttl, or null. The
   * shared tier's copy, if any, was brought here by {@link #find}.
   */
  public Hit onError(String key) {
    long now = tiers.now();
    CachedAnswer here = tiers.get(key);
    if (here == null || now >= here.usableOnErrorUntil()) {
      return null;
    }
    tiers.counts().count(Level.RESPONSE, Tier.L1, Result.STALE_IF_ERROR);
    return hit(here, now, true);
  }

  private static Hit hit(CachedAnswer answer, long now, boolean stale) {
    ServiceResponse response = answer.toResponse(CacheUse.State.HIT, now);
    return new Hit(response.body(), response.cache().ageSeconds(), stale);
  }
}
