package dev.mosaic.gateway.http;

/**
 * Where an answer came from, for {@code Mosaic-Cache}, {@code Age} and Server-Timing.
 *
 * @param ageSeconds how long ago the answer was stored (0 for a miss)
 * @param freshSeconds how much longer the answer stays fresh in the cache (0 once stale), or -1
 *     when it is not kept there (the service said {@code no-store}, say): what a composed answer's
 *     {@code Cache-Control} is built from
 */
public record CacheUse(State state, long ageSeconds, long freshSeconds) {

  /** Not kept in the cache, or kept for a time this use does not know. */
  public static final long NOT_KEPT = -1;

  public CacheUse(State state, long ageSeconds) {
    this(state, ageSeconds, NOT_KEPT);
  }

  public enum State {
    /** Fresh from the cache. */
    HIT,
    /** Not in the cache (or too old): the service answered, and the answer was stored. */
    MISS,
    /** Past its ttl, served at once while one refresh runs (stale-while-revalidate). */
    STALE,
    /**
     * Past its ttl, standing in for a call that failed (stale-if-error): the answer is degraded.
     */
    STALE_IF_ERROR;

    public String label() {
      return switch (this) {
        case HIT -> "hit";
        case MISS -> "miss";
        case STALE, STALE_IF_ERROR -> "stale";
      };
    }
  }

  public static final CacheUse MISS = new CacheUse(State.MISS, 0);

  /**
   * The less favourable of two (a miss beats a stale beats a hit), with the older age and the
   * shorter freshness (one not kept makes both not kept).
   */
  public static CacheUse worse(CacheUse a, CacheUse b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    State state = a.state.compareTo(b.state) >= 0 ? a.state : b.state;
    long fresh =
        a.freshSeconds < 0 || b.freshSeconds < 0
            ? NOT_KEPT
            : Math.min(a.freshSeconds, b.freshSeconds);
    return new CacheUse(state, Math.max(a.ageSeconds, b.ageSeconds), fresh);
  }
}
