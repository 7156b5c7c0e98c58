package dev.mosaic.gateway.server;

import dev.mosaic.gateway.cache.FragmentCache;
import dev.mosaic.gateway.event.EventLog;
import dev.mosaic.gateway.event.MemoryEventLog;
import dev.mosaic.gateway.event.RedisEventLog;
import dev.mosaic.gateway.event.StreamPosition;
import dev.mosaic.gateway.metrics.ViewMeters;
import dev.mosaic.gateway.saga.SagaStore;
import dev.mosaic.gateway.view.RedisViewStore;
import dev.mosaic.gateway.view.ViewInputs;
import dev.mosaic.gateway.view.ViewStore;
import dev.mosaic.gateway.view.ViewTable;
import dev.mosaic.gateway.view.Views;
import dev.mosaic.rules.plan.ContextNames;
import dev.mosaic.rules.plan.EndpointPlan;
import dev.mosaic.rules.plan.EventSettings;
import dev.mosaic.rules.plan.GatewayPlan;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The process's change events and the views they keep fresh: built once per process before the
 * servers, started once they serve (a recomposition runs on a serving loop), closed with the
 * gateway. Applying an event drops the cache entries carrying its tags, here and in the shared
 * tier, then marks and queues the views naming them.
 */
final class ViewsAndEvents {

  private final EventLog log;
  private final Views views;
  private final ChangeEvents events;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong malformed;

  private ViewsAndEvents(EventLog log, Views views, ChangeEvents events, AtomicLong malformed) {
    this.log = log;
    this.views = views;
    this.events = events;
    this.malformed = malformed;
  }

  static ViewsAndEvents create(Vertx vertx, GatewayPlan plan, MeterRegistry registry) {
    EventSettings settings = plan.events();
    AtomicLong malformed = new AtomicLong();
    EventLog log;
    ViewStore store;
    if (settings.shared()) {
      String group = settings.consumer();
      boolean madeUp = false;
      if (group == null) {
        String instance = SagaStore.instanceName(plan.server().port());
        madeUp = instance.startsWith("instance-"); // no name that outlives the process
        group = "mosaic:" + instance;
      }
      log =
          new RedisEventLog(
              vertx,
              settings.redisUrl(),
              settings.stream(),
              group,
              settings.maxLength(),
              madeUp,
              why -> malformed.incrementAndGet());
      store = new RedisViewStore(vertx, settings.redisUrl(), plan.cache().redisTimeout().toNanos());
    } else {
      log = new MemoryEventLog(vertx);
      store = ViewStore.NONE;
    }
    Views views =
        new Views(
            vertx,
            new ViewTable(plan.cache().maxBytes()),
            store,
            log.progress(),
            settings.refreshConcurrency(),
            plan.server().metrics() ? ViewMeters.refreshes(registry) : Views.Observer.NONE);
    return new ViewsAndEvents(
        log, views, new ChangeEvents(log, views, settings.versionWait()), malformed);
  }

  ChangeEvents events() {
    return events;
  }

  Views views() {
    return views;
  }

  io.vertx.core.json.JsonObject describeEvents() {
    return log.describe();
  }

  /** Appends a change (an operator's purge); its position. */
  Future<String> announce(List<String> tags) {
    return log.append(tags).map(StreamPosition::toString);
  }

  /**
   * Starts applying events, recomposing views on the serving loops in turn.
   *
   * @param loops the server verticles serving now
   * @return completes once the consumer's position in the stream exists (a change announced after
   *     it is applied here) and the declared views are composed
   */
  Future<Void> start(
      Supplier<List<GatewayVerticle>> loops,
      FragmentCache cache,
      MeterRegistry registry,
      boolean metrics,
      GatewayPlan plan,
      String configText) {
    AtomicInteger next = new AtomicInteger();
    views.composeWith(
        (route, inputs) -> {
          List<GatewayVerticle> serving = loops.get();
          return serving
              .get(Math.floorMod(next.getAndIncrement(), serving.size()))
              .composeView(route, inputs);
        });
    if (metrics) {
      ViewMeters.bindEvents(registry, log.progress(), applied, malformed);
    }
    // the caches first: a recomposition the event starts must not read what the event outdates
    Future<Void> reading =
        log.start(
            event ->
                cache
                    .applyChange(event.tags())
                    .otherwiseEmpty()
                    .compose(dropped -> views.apply(event))
                    .andThen(done -> applied.incrementAndGet()));
    // declared views once the stream is read (or could not be), before the start completes: a
    // ready gateway answers them from the view; each composition is bounded by its deadline
    return reading.eventually(() -> prime(plan, ViewInputs.configVersion(configText)));
  }

  private Future<Void> prime(GatewayPlan plan, String configVersion) {
    List<Future<Void>> priming = new java.util.ArrayList<>();
    for (EndpointPlan endpoint : plan.endpoints()) {
      if (endpoint.view() == null) {
        continue;
      }
      for (java.util.Map<String, String> key : endpoint.view().keys()) {
        java.util.Map<String, Object> path = new java.util.LinkedHashMap<>(key);
        ViewInputs inputs = new ViewInputs(path, java.util.Map.of(), java.util.Map.of());
        java.util.Map<String, Object> context =
            java.util.Map.of(
                ContextNames.PATH, path,
                ContextNames.QUERY, java.util.Map.of(),
                ContextNames.HEADERS, java.util.Map.of());
        priming.add(
            views.prime(
                endpoint.route(),
                inputs,
                dev.mosaic.gateway.cache.CacheTags.render(endpoint.view().tags(), context),
                configVersion));
      }
    }
    return Future.join(priming).mapEmpty();
  }

  Future<Void> close() {
    views.close();
    return log.close();
  }
}
