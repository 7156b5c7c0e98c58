package dev.mosaic.gateway.server;

import dev.mosaic.gateway.cache.CacheTags;
import dev.mosaic.gateway.event.ConsumerProgress;
import dev.mosaic.gateway.event.StreamPosition;
import dev.mosaic.gateway.metrics.ViewMeters;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.gateway.view.LocalView;
import dev.mosaic.gateway.view.StoredView;
import dev.mosaic.gateway.view.ViewInputs;
import dev.mosaic.gateway.view.Views;
import dev.mosaic.rules.plan.ContextNames;
import dev.mosaic.rules.plan.EndpointPlan;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Answers a view endpoint's read: from this process's view while it is fresh (or stale for less
 * than {@code maxLag} with its refresh running), else from the shared store's fresh copy, else by
 * composing live, which then becomes the view. A read carrying a minimum version is never answered
 * from a view older than it: it waits for the view's refresh within the request's deadline, or
 * composes live. So is every read while the consumer lags more than {@code maxLag}.
 */
final class ViewReads {

  /** Composes the answer live and sends it; {@code keep} gets its body when it is complete. */
  interface Live {
    void compose(Consumer<Buffer> keep);
  }

  /** Sends a view's answer; {@code source} says where it came from (Server-Timing). */
  interface Answer {
    void send(LocalView view, String source);
  }

  private final EndpointPlan endpoint;
  private final Views views;
  private final Timeouts timeouts;
  private final ViewMeters meters;
  private final long maxLagNanos;
  private final String configVersion;

  /**
   * @param meters where reads are counted, or null when metrics are off
   * @param configVersion the serving config's digest, part of every view's key
   */
  ViewReads(
      EndpointPlan endpoint,
      Views views,
      Timeouts timeouts,
      ViewMeters meters,
      String configVersion) {
    this.configVersion = configVersion;
    this.endpoint = endpoint;
    this.views = views;
    this.timeouts = timeouts;
    this.meters = meters;
    this.maxLagNanos = endpoint.view().maxLag().toNanos();
  }

  /**
   * @param min the version the client must see, or null
   * @param behind whether this gateway had not applied {@code min} within the wait
   */
  @SuppressWarnings("unchecked")
  void read(
      Map<String, Object> context,
      StreamPosition min,
      boolean behind,
      long deadlineNanos,
      Live live,
      Answer answer) {
    ViewInputs inputs =
        new ViewInputs(
            (Map<String, Object>) context.get(ContextNames.PATH),
            (Map<String, Object>) context.get(ContextNames.QUERY),
            (Map<String, Object>) context.get(ContextNames.HEADERS));
    String key = inputs.key(endpoint.route(), configVersion);
    List<String> tags = CacheTags.render(endpoint.view().tags(), context);
    ConsumerProgress progress = views.progress();
    if (behind) {
      live(key, inputs, tags, ViewMeters.Read.LIVE_VERSION, live);
      return;
    }
    if (!progress.ready() || progress.lagMillis() * 1_000_000L > maxLagNanos) {
      live(key, inputs, tags, ViewMeters.Read.LIVE_LAGGING, live);
      return;
    }
    LocalView held = views.local(key);
    if (held != null) {
      fromHeld(held, key, inputs, tags, min, deadlineNanos, live, answer);
      return;
    }
    views
        .shared(key, tags, timeouts)
        .onComplete(
            found -> {
              StoredView stored = found.result();
              if (stored != null) {
                LocalView installed = views.install(stored, false);
                if (usable(installed, min)) {
                  count(ViewMeters.Read.SHARED);
                  answer.send(installed, "shared");
                  return;
                }
              }
              live(key, inputs, tags, ViewMeters.Read.LIVE_MISS, live);
            });
  }

  private void fromHeld(
      LocalView held,
      String key,
      ViewInputs inputs,
      List<String> tags,
      StreamPosition min,
      long deadlineNanos,
      Live live,
      Answer answer) {
    if (usable(held, min)) {
      count(held.stale() ? ViewMeters.Read.STALE : ViewMeters.Read.HIT);
      answer.send(held, held.stale() ? "stale" : "hit");
      return;
    }
    // stale past maxLag, or older than the version asked for: its refresh is due; wait for it
    // within what is left of the deadline (keeping time to compose live after), or compose now
    long waitNanos = (deadlineNanos - System.nanoTime()) / 2;
    Context context = Vertx.currentContext();
    if (waitNanos <= 0 || context == null) {
      live(key, inputs, tags, ViewMeters.Read.LIVE_STALE, live);
      return;
    }
    Promise<Boolean> refreshed = Promise.promise();
    Timeouts.Timeout limit = timeouts.schedule(waitNanos, () -> refreshed.tryComplete(false));
    views
        .whenRefreshed(key, context)
        .onComplete(
            done -> {
              limit.cancel();
              refreshed.tryComplete(done.succeeded() && done.result());
            });
    refreshed
        .future()
        .onComplete(
            done -> {
              LocalView now = views.local(key);
              if (now != null && usable(now, min)) {
                count(ViewMeters.Read.HIT);
                answer.send(now, "refreshed");
              } else {
                live(key, inputs, tags, ViewMeters.Read.LIVE_STALE, live);
              }
            });
  }

  /**
   * Fresh; or, when the client names no version, stale for less than maxLag. A fresh view is
   * current for any version this gateway has applied: no event since its position names its tags.
   */
  private boolean usable(LocalView view, StreamPosition min) {
    if (!view.stale()) {
      return true;
    }
    return min == null && view.staleForNanos(System.nanoTime()) < maxLagNanos;
  }

  private void live(
      String key, ViewInputs inputs, List<String> tags, ViewMeters.Read why, Live live) {
    count(why);
    // what was applied before the composition begins is reflected in it
    StreamPosition position = views.progress().applied();
    live.compose(
        body ->
            views.install(
                new StoredView(
                    key,
                    endpoint.route(),
                    inputs,
                    tags,
                    body,
                    position,
                    System.currentTimeMillis()),
                true));
  }

  private void count(ViewMeters.Read read) {
    if (meters != null) {
      meters.read(read);
    }
  }
}
