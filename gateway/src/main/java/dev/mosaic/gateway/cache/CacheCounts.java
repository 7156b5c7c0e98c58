package dev.mosaic.gateway.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the cache's lookups found, by level (a call's fragment or a whole composed response), tier
 * (this process or Redis) and result; and how many calls joined another's flight instead of
 * calling. Counted with striped adders: every event loop writes, the metrics scrape reads.
 */
public final class CacheCounts {

  public enum Level {
    FRAGMENT,
    RESPONSE
  }

  public enum Tier {
    L1,
    L2
  }

  /**
   * HIT: fresh. MISS: absent or too old. STALE: served past its ttl while one refresh runs
   * (stale-while-revalidate). STALE_IF_ERROR: served past its ttl in place of a failed call.
   */
  public enum Result {
    HIT,
    MISS,
    STALE,
    STALE_IF_ERROR
  }

  private final LongAdder[] lookups =
      new LongAdder[Level.values().length * Tier.values().length * Result.values().length];
  private final LongAdder coalesced = new LongAdder();

  CacheCounts() {
    for (int i = 0; i < lookups.length; i++) {
      lookups[i] = new LongAdder();
    }
  }

  void count(Level level, Tier tier, Result result) {
    lookups[index(level, tier, result)].increment();
  }

  void joinedFlight() {
    coalesced.increment();
  }

  public long lookups(Level level, Tier tier, Result result) {
    return lookups[index(level, tier, result)].sum();
  }

  /** Calls that waited for a call already in flight for their key instead of making their own. */
  public long coalesced() {
    return coalesced.sum();
  }

  @SuppressWarnings("EnumOrdinal") // a flat array of counters, one per combination
  private static int index(Level level, Tier tier, Result result) {
    return (level.ordinal() * Tier.values().length + tier.ordinal()) * Result.values().length
        + result.ordinal();
  }
}
