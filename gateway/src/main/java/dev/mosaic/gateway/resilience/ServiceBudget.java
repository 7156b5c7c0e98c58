package dev.mosaic.gateway.resilience;

import dev.mosaic.gateway.logging.ThrottledWarning;
import dev.mosaic.rules.plan.CallBudget;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's call budget, per gateway process: calls counted in one-second windows, and the
 * endpoints that made them, so that when a read pattern runs away the warning says which endpoints
 * to look at. Over the budget a call is counted as exceeding it; with {@code enforce} it is turned
 * away (the cache or the call's fallback stands in) instead of reaching the service.
 *
 * <p>Windows are fixed seconds, rolled by whichever thread first sees the new second: a call that
 * races the roll may land in either window, which moves a count by one, not a verdict by much.
 */
public final class ServiceBudget {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceBudget.class);
  static final long WARN_EVERY_SECONDS = 10;

  private final String service;
  private final CallBudget settings;
  private final LongSupplier nanoClock;
  private final AtomicLong window = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong inWindow = new AtomicLong();
  private final Map<String, LongAdder> byOrigin = new ConcurrentHashMap<>();
  private final ThrottledWarning warning;
  private final LongAdder admitted = new LongAdder();
  private final LongAdder exceeded = new LongAdder();
  private final LongAdder turnedAway = new LongAdder();

  public ServiceBudget(String service, CallBudget settings, LongSupplier nanoClock) {
    this.service = service;
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.warning = new ThrottledWarning(WARN_EVERY_SECONDS, TimeUnit.SECONDS, nanoClock);
  }

  /**
   * Counts one call from {@code origin} (an endpoint's route).
   *
   * @return false when the call is over the budget and the budget is enforced: do not send it
   */
  public boolean admit(String origin) {
    long now = nanoClock.getAsLong();
    long second = Math.floorDiv(now, 1_000_000_000L);
    long current = window.get();
    if (second != current && window.compareAndSet(current, second)) {
      inWindow.set(0);
      byOrigin.clear();
    }
    long count = inWindow.incrementAndGet();
    byOrigin.computeIfAbsent(origin, o -> new LongAdder()).increment();
    if (count <= settings.perSecond()) {
      admitted.increment();
      return true;
    }
    exceeded.increment();
    if (warning.occurred() > 0) {
      warn(count);
    }
    if (settings.enforce()) {
      turnedAway.increment();
      return false;
    }
    admitted.increment();
    return true;
  }

  /** How long until the next window opens, for Retry-After. */
  public long millisToNextWindow() {
    long now = nanoClock.getAsLong();
    return (1_000_000_000L - Math.floorMod(now, 1_000_000_000L)) / 1_000_000 + 1;
  }

  private void warn(long count) {
    String endpoints =
        byOrigin.entrySet().stream()
            .sorted(
                Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum())
                    .reversed())
            .limit(5)
            .map(e -> e.getKey() + " " + e.getValue().sum())
            .collect(Collectors.joining(", "));
    LOG.warn(
        "call budget of {} exceeded: {} calls this second against {}/s{}; calls by endpoint: {}",
        service,
        count,
        settings.perSecond(),
        settings.enforce() ? " (calls over it are turned away)" : "",
        endpoints);
  }

  public CallBudget settings() {
    return settings;
  }

  /** Calls let through to the service (for metrics). */
  public long admitted() {
    return admitted.sum();
  }

  /** Calls over the budget, enforced or not (for metrics). */
  public long exceeded() {
    return exceeded.sum();
  }

  /** Calls over an enforced budget, which never reached the service (for metrics). */
  public long turnedAway() {
    return turnedAway.sum();
  }
}
