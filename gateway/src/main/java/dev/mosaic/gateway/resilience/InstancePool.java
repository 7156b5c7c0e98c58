package dev.mosaic.gateway.resilience;

import dev.mosaic.rules.plan.Balance;
import dev.mosaic.rules.plan.EjectionSettings;
import dev.mosaic.rules.plan.ServiceAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's instances, shared by every event loop: which one takes the next call (round-robin or
 * least-in-flight) and which are ejected. An instance that fails {@code failures} times in a row is
 * ejected for {@code ejectFor}, doubled for each ejection in a row (up to {@code maxEjectFor}); the
 * streak is forgotten once it has stayed in for as long as it was last out. At most {@code
 * maxEjected} of the instances are out at once and never all of them: ejecting the last one would
 * turn a sick service into an absent one (Envoy's max_ejection_percent). Ejections end lazily: a
 * pick after the period sees the instance again.
 */
public final class InstancePool {

  private static final Logger LOG = LoggerFactory.getLogger(InstancePool.class);

  private final String service;
  private final Instance[] instances;
  private final Balance balance;
  private final EjectionSettings ejection;
  private final int maxEjected;
  private final LongSupplier nanoClock;
  private final AtomicInteger cursor = new AtomicInteger();

  InstancePool(
      String service,
      List<ServiceAddress> addresses,
      Balance balance,
      EjectionSettings ejection,
      LongSupplier nanoClock) {
    this.service = service;
    this.instances = new Instance[addresses.size()];
    for (int i = 0; i < instances.length; i++) {
      instances[i] = new Instance(i, addresses.get(i));
    }
    this.balance = balance;
    this.ejection = ejection;
    this.maxEjected =
        Math.min(instances.length - 1, (int) Math.floor(instances.length * ejection.maxEjected()));
    this.nanoClock = nanoClock;
  }

  /**
   * The instance for the next call: never an ejected one, and not {@code avoid} (the instance a
   * retried or hedged call already tried) unless it is the only one in rotation.
   */
  public Instance pick(int avoid) {
    if (instances.length == 1) {
      return instances[0];
    }
    long now = nanoClock.getAsLong();
    if (avoid < 0 && balance == Balance.ROUND_ROBIN) {
      // each skip of an ejected instance draws the next turn, so the ones left share its calls
      // evenly instead of its successor taking them all
      for (int k = 0; k < instances.length; k++) {
        Instance candidate = instances[Math.floorMod(cursor.getAndIncrement(), instances.length)];
        if (!candidate.ejectedAt(now)) {
          return candidate;
        }
      }
      return instances[0]; // unreachable while at least one instance stays in rotation
    }
    // A retry or hedge starts after the instance it avoids without moving the shared cursor: if
    // it did, first tries and retries would alternate in lockstep and a broken instance would get
    // every first try.
    int start =
        avoid >= 0 && avoid < instances.length
            ? (avoid + 1) % instances.length
            : Math.floorMod(cursor.getAndIncrement(), instances.length);
    Instance chosen = null;
    for (int k = 0; k < instances.length; k++) {
      Instance candidate = instances[(start + k) % instances.length];
      if (candidate.index() == avoid || candidate.ejectedAt(now)) {
        continue;
      }
      if (balance == Balance.ROUND_ROBIN) {
        return candidate;
      }
      if (chosen == null || candidate.inFlight() < chosen.inFlight()) {
        chosen = candidate;
      }
    }
    if (chosen != null) {
      return chosen;
    }
    return avoid >= 0 && avoid < instances.length && !instances[avoid].ejectedAt(now)
        ? instances[avoid]
        : instances[start]; // unreachable while at least one instance stays in rotation
  }

  /** Feeds outlier ejection with how a call (or a warm-up ping) to {@code instance} ended. */
  public void record(Instance instance, Verdict verdict) {
    if (verdict == Verdict.SUCCESS) {
      if (instance.consecutiveFailures.get() != 0) {
        instance.consecutiveFailures.set(0);
      }
    } else if (verdict == Verdict.FAILURE
        && maxEjected > 0
        && instance.consecutiveFailures.incrementAndGet() >= ejection.failures()) {
      eject(instance);
    }
  }

  private synchronized void eject(Instance instance) {
    long now = nanoClock.getAsLong();
    if (instance.ejectedAt(now)) {
      return;
    }
    int out = 0;
    for (Instance other : instances) {
      if (other.ejectedAt(now)) {
        out++;
      }
    }
    if (out >= maxEjected) {
      return; // the others must keep serving; this one stays in rotation
    }
    long lastPeriod = instance.ejectionsInARow == 0 ? 0 : periodNanos(instance.ejectionsInARow - 1);
    if (now - (instance.lastEjectionNanos + lastPeriod) >= lastPeriod) {
      instance.ejectionsInARow = 0; // back for as long as it was last out: a new streak
    }
    long period = periodNanos(instance.ejectionsInARow);
    instance.ejectionsInARow++;
    instance.lastEjectionNanos = now;
    instance.consecutiveFailures.set(0);
    instance.ejectedUntilNanos = now + period;
    LOG.warn(
        "{} instance {} ejected for {}ms after {} consecutive failures (ejection {} in a row)",
        service,
        instance.address(),
        period / 1_000_000,
        ejection.failures(),
        instance.ejectionsInARow);
  }

  private long periodNanos(int ejectionsBefore) {
    long base = ejection.ejectFor().toNanos();
    long max = ejection.maxEjectFor().toNanos();
    long period = base;
    for (int i = 0; i < ejectionsBefore && period < max; i++) {
      period = period > max / 2 ? max : period * 2;
    }
    return Math.min(period, max);
  }

  public Instance instance(int index) {
    return instances[index];
  }

  public int size() {
    return instances.length;
  }

  /** Whether the instance is out of rotation now (for tests, metrics and readiness). */
  public boolean ejected(int index) {
    return instances[index].ejectedAt(nanoClock.getAsLong());
  }
}
