package dev.mosaic.stubs;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A serverless instance's cold start: once no request has arrived for {@code idle}, the next one
 * waits an extra {@code delay} while the instance starts, and every request arriving before that
 * start is over waits for the same start to finish (one instance starts once, however many callers
 * queue behind it). Every request counts as activity, health pings included, so a caller's warm-up
 * pings really warm the instance. Off until the control API sets it.
 *
 * <p>The three pieces of state only make sense together, so they change under one lock; each
 * request takes it once, which costs nothing next to the request itself.
 */
public final class ColdStart {

  /** How long without a request makes the instance cold, and how long it then takes to start. */
  public record Settings(long idleMillis, long delayMillis) {

    private static final Set<String> FIELDS = Set.of("idle", "delay");

    public Settings {
      if (idleMillis < 1 || delayMillis < 0) {
        throw new IllegalArgumentException(
            "coldStart needs idle >= 1ms and delay >= 0, got idle="
                + idleMillis
                + "ms, delay="
                + delayMillis
                + "ms");
      }
    }

    /** {@code {"idle": "2s", "delay": "500ms"}} (or numbers of ms); null turns cold starts off. */
    static Settings parse(Object value) {
      if (value == null) {
        return null;
      }
      if (!(value instanceof JsonObject spec)) {
        throw new IllegalArgumentException(
            "coldStart is {\"idle\": \"2s\", \"delay\": \"500ms\"} or null, got " + value);
      }
      for (String field : spec.fieldNames()) {
        if (!FIELDS.contains(field)) {
          throw new IllegalArgumentException(
              "unknown coldStart field '" + field + "' (idle, delay)");
        }
      }
      return new Settings(
          Durations.wholeMillis(spec.getValue("idle"), "coldStart.idle", 1),
          Durations.wholeMillis(spec.getValue("delay"), "coldStart.delay", 0));
    }

    JsonObject describe() {
      return new JsonObject().put("idle", idleMillis + "ms").put("delay", delayMillis + "ms");
    }
  }

  private Settings settings;

  /**
   * When the instance was last busy: the last arrival, or the end of the start in progress, since
   * an instance still starting is not idle (without this, a start longer than {@code idle} would
   * make the request right after it cold again).
   */
  private long lastActiveNanos = System.nanoTime();

  private long startEndsNanos = lastActiveNanos;
  private long starts;

  ColdStart() {}

  /**
   * Turns cold starts on (or off with null). The instance counts as just used, so a test can wait
   * for it to go cold rather than find it cold already.
   */
  synchronized void set(Settings changed) {
    settings = changed;
    lastActiveNanos = Math.max(lastActiveNanos, System.nanoTime());
  }

  /**
   * Notes a request's arrival and answers how many ms it must wait for the instance to start,
   * usually 0.
   */
  synchronized long admit() {
    long now = System.nanoTime();
    long stillStarting = startEndsNanos - now;
    if (stillStarting > 0) {
      return (stillStarting + 999_999)
          / 1_000_000; // rounded up: never released before the start ends
    }
    boolean cold = isCold(now);
    if (!cold) {
      lastActiveNanos = now;
      return 0;
    }
    starts++;
    startEndsNanos = now + settings.delayMillis() * 1_000_000;
    lastActiveNanos = startEndsNanos;
    return settings.delayMillis();
  }

  /** Whether the next request would start the instance. */
  synchronized boolean cold() {
    return isCold(System.nanoTime());
  }

  private boolean isCold(long now) {
    return settings != null
        && startEndsNanos - now <= 0
        && now - lastActiveNanos >= settings.idleMillis() * 1_000_000;
  }

  /** Cold starts since the last restore. */
  synchronized long starts() {
    return starts;
  }

  synchronized Settings settings() {
    return settings;
  }

  /** Off, no start in progress, count at zero. */
  synchronized void restore() {
    settings = null;
    starts = 0;
    lastActiveNanos = System.nanoTime();
    startEndsNanos = lastActiveNanos;
  }
}
