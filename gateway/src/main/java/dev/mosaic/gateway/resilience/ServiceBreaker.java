package dev.mosaic.gateway.resilience;

import dev.mosaic.rules.plan.BreakerSettings;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's circuit breaker, shared by every event loop of the process.
 *
 * <p>The state machine is vertx-circuit-breaker's: its {@code open()}, its reset timer that moves
 * OPEN to HALF_OPEN after {@code openFor}, its {@code reset()} back to CLOSED and its transition
 * handlers. Its own trip rule is not used (in vertx-circuit-breaker {@code maxFailures} counts
 * failures with no success in between, so a service failing every other call never trips it, and
 * its timeout does not cancel anything). Instead, as in Resilience4j, a rolling window counts calls
 * and failures and trips the breaker once it holds {@code minCalls} calls and the failures reach
 * the count or the rate; half-open admits {@code probes} calls, all of which must succeed.
 *
 * <p>Calls ask for a {@link Permit} and report how they ended; a permit carries the breaker's
 * generation (bumped on every transition), so a call admitted before a transition cannot vote on
 * the state after it. The hot path reads one volatile field and, while closed, takes one short
 * monitor to count.
 */
public final class ServiceBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceBreaker.class);

  /** Admission to call; {@code probe} marks one of the half-open trial calls. */
  public record Permit(long generation, boolean probe) {}

  private final String service;
  private final BreakerSettings settings;
  private final LongSupplier nanoClock;
  private final RollingCounts window;
  private final CircuitBreaker machine;
  private final AtomicInteger probesLeft = new AtomicInteger();
  private final AtomicInteger probesSucceeded = new AtomicInteger();
  private volatile CircuitBreakerState state = CircuitBreakerState.CLOSED;
  private volatile long generation;
  private volatile Permit closedPermit = new Permit(0, false);
  private volatile Permit halfOpenPermit = new Permit(-1, true);
  private volatile long openedAtNanos;

  ServiceBreaker(Vertx vertx, String service, BreakerSettings settings, LongSupplier nanoClock) {
    this.service = service;
    this.settings = settings;
    this.nanoClock = nanoClock;
    this.window = new RollingCounts(settings.window().toNanos(), nanoClock);
    this.machine =
        CircuitBreaker.create(
                "mosaic-" + service,
                vertx,
                new CircuitBreakerOptions()
                    .setMaxFailures(
                        Integer.MAX_VALUE) // tripping is decided here, over the rolling window
                    .setTimeout(-1) // calls have their own time limits, which really cancel them
                    .setResetTimeout(Math.max(1, settings.openFor().toMillis()))
                    .setMaxRetries(0)
                    .setNotificationAddress(
                        null)) // no event-bus metrics every 2 s: Mosaic reads the state itself
            .openHandler(v -> opened())
            .halfOpenHandler(v -> halfOpened())
            .closeHandler(v -> closed());
  }

  /**
   * @return a permit to call, or null: the call fails fast without touching the service
   */
  public Permit tryAcquire() {
    CircuitBreakerState now = state;
    if (now == CircuitBreakerState.CLOSED) {
      return closedPermit;
    }
    if (now == CircuitBreakerState.HALF_OPEN) {
      Permit probe =
          halfOpenPermit; // published before the state: same generation as the state read
      // take a probe only while one is left: a caller turned away must not push the count below
      // zero, or a probe given back later would never make one available again
      for (int left = probesLeft.get(); left > 0; left = probesLeft.get()) {
        if (probesLeft.compareAndSet(left, left - 1)) {
          return probe;
        }
      }
    }
    return null;
  }

  /** Reports how a permitted call ended. */
  public void record(Permit permit, Verdict verdict) {
    if (permit.generation() != generation) {
      return; // admitted under an earlier state: its result says nothing about this one
    }
    if (permit.probe()) {
      recordProbe(permit, verdict);
      return;
    }
    if (verdict == Verdict.NEUTRAL) {
      return;
    }
    long calls;
    long failures;
    synchronized (window) {
      window.add(verdict == Verdict.FAILURE);
      calls = window.total();
      failures = window.marked();
    }
    if (calls >= settings.minCalls()
        && trips(calls, failures)
        && transition(permit, machine::open)) {
      // logged after the transition, outside every lock: the other event loops must not wait on it
      LOG.warn(
          "circuit breaker for {} opened: {} of the last {} calls failed within {}ms; calls fail fast for {}ms",
          service,
          failures,
          calls,
          settings.window().toMillis(),
          settings.openFor().toMillis());
    }
  }

  private boolean trips(long calls, long failures) {
    return (settings.failures() > 0 && failures >= settings.failures())
        || (settings.failureRate() > 0 && failures >= settings.failureRate() * calls);
  }

  private void recordProbe(Permit permit, Verdict verdict) {
    switch (verdict) {
      case NEUTRAL ->
          probesLeft.incrementAndGet(); // it never reached a verdict: let another probe go
      case FAILURE -> {
        if (transition(permit, machine::open)) {
          LOG.warn(
              "circuit breaker for {} opened again: a half-open probe failed; calls fail fast for {}ms",
              service,
              settings.openFor().toMillis());
        }
      }
      case SUCCESS -> {
        if (probesSucceeded.incrementAndGet() >= settings.probes()
            && transition(permit, machine::reset)) {
          LOG.info(
              "circuit breaker for {} closed: {} probe call(s) succeeded",
              service,
              settings.probes());
        }
      }
    }
  }

  /**
   * Runs one transition per generation, however many calls ask for it at once, and never opens an
   * open breaker again (that would restart its open period and arm a second reset timer).
   *
   * @return whether this caller made the transition (and so is the one to log it)
   */
  private synchronized boolean transition(Permit permit, Runnable change) {
    if (permit.generation() == generation && state != CircuitBreakerState.OPEN) {
      change.run(); // the machine's handler bumps the generation before returning
      return true;
    }
    return false;
  }

  public CircuitBreakerState state() {
    return state;
  }

  public String service() {
    return service;
  }

  /** How long a rejected caller should wait before trying again, for Retry-After. */
  public long retryAfterMillis() {
    if (state == CircuitBreakerState.OPEN) {
      return Math.max(0, openedAtNanos + settings.openFor().toNanos() - nanoClock.getAsLong())
          / 1_000_000;
    }
    return 0;
  }

  // The handlers run inside the machine's synchronized transitions, so they see and publish one
  // consistent state; fields are written before the volatile state that readers check first.
  // They do not log: that happens after the transition, outside the locks (the half-open one runs
  // on the machine's reset timer, not on a request).

  @SuppressWarnings("NonAtomicVolatileUpdate") // written only inside the synchronized transitions
  private void opened() {
    openedAtNanos = nanoClock.getAsLong();
    window.clear();
    generation++;
    state = CircuitBreakerState.OPEN;
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // written only inside the synchronized transitions
  private void halfOpened() {
    probesSucceeded.set(0);
    probesLeft.set(settings.probes());
    generation++;
    halfOpenPermit = new Permit(generation, true);
    state = CircuitBreakerState.HALF_OPEN;
    LOG.info(
        "circuit breaker for {} half-open: letting {} probe call(s) through",
        service,
        settings.probes());
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // written only inside the synchronized transitions
  private void closed() {
    window.clear();
    generation++;
    closedPermit = new Permit(generation, false);
    state = CircuitBreakerState.CLOSED;
  }

  void close() {
    machine.close();
  }
}
