package dev.mosaic.gateway.http;

/**
 * Where an answer came from, for {@code Mosaic-Cache}, {@code Age} and Server-Timing.
 *
 * @param ageSeconds how long ago the answer was stored (0 for a miss)
 */
public record CacheUse(State state, long ageSeconds) {

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

  /** The less favourable of two (a miss beats a stale beats a hit), with the older age. */
  public static CacheUse worse(CacheUse a, CacheUse b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    State state = a.state.compareTo(b.state) >= 0 ? a.state : b.state;
    return new CacheUse(state, Math.max(a.ageSeconds, b.ageSeconds));
  }
}
