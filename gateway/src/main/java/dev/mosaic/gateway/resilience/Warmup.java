package dev.mosaic.gateway.resilience;

import dev.mosaic.gateway.http.CallFailure;
import dev.mosaic.gateway.http.Exchange;
import dev.mosaic.gateway.http.InstanceCaller;
import dev.mosaic.gateway.http.Outbound;
import dev.mosaic.gateway.http.ServiceRequest;
import dev.mosaic.gateway.time.Timeouts;
import dev.mosaic.rules.plan.CallResilience;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.ServicePlan;
import dev.mosaic.rules.plan.WarmupSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warm-up pings to the health path of services that ask for them (the cold-start advice of the
 * background article: a serverless backend left idle answers its next call slowly). At start-up
 * every event loop sends {@code connections} pings at once to each instance, so its pool holds open
 * connections before the first real call; then one loop pings each instance {@code every}.
 *
 * <p>Pings go straight to the instance's HTTP client: they are not real traffic, so they never
 * touch the breaker, the bulkhead or the retry budget. Their results do feed outlier ejection,
 * which is what a health check is for. Each ping has the service's timeout.
 */
public final class Warmup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private final Vertx vertx;
  private final List<Long> periodics = new ArrayList<>();
  private final Guards guards;
  private final InstanceCaller http;
  private final Timeouts timeouts;

  private Warmup(Vertx vertx, Guards guards, InstanceCaller http, Timeouts timeouts) {
    this.vertx = vertx;
    this.guards = guards;
    this.http = http;
    this.timeouts = timeouts;
  }

  /**
   * Must run on the event loop that owns {@code http} and {@code timeouts}.
   *
   * @param periodic whether this loop also sends the periodic pings (one loop per process does)
   */
  public static Warmup start(
      Vertx vertx,
      GatewayPlan plan,
      Guards guards,
      InstanceCaller http,
      Timeouts timeouts,
      boolean periodic) {
    Warmup warmup = new Warmup(vertx, guards, http, timeouts);
    for (ServicePlan service : plan.services().values()) {
      WarmupSettings settings = service.resilience().warmup();
      if (settings == null) {
        continue;
      }
      for (int i = 0; i < service.instances().size(); i++) {
        // the burst is one health check: a backend still booting must not count as N failures
        boolean[] reported = new boolean[1];
        for (int c = 0; c < settings.connections(); c++) {
          warmup.ping(service, i, reported);
        }
      }
      if (periodic && settings.every() != null) {
        warmup.periodics.add(
            vertx.setPeriodic(
                settings.every().toMillis(),
                id -> {
                  for (int i = 0; i < service.instances().size(); i++) {
                    warmup.ping(service, i, null);
                  }
                }));
      }
    }
    return warmup;
  }

  /**
   * @param reportedOnce shared by the pings of one burst, so only the first verdict counts; or null
   */
  private void ping(ServicePlan service, int instance, boolean[] reportedOnce) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    service.headers().forEach(headers::set); // a health path may want the gateway's credentials too
    ServiceRequest request =
        new ServiceRequest("GET", service.resilience().warmup().path(), headers, null);
    long timeout = service.timeout().toNanos();
    Outbound ping =
        new Outbound(
            service,
            CallResilience.NONE,
            request,
            System.nanoTime() + timeout,
            false,
            -1,
            "warmup");
    Exchange exchange = http.send(ping, instance);
    Timeouts.Timeout limit =
        timeouts.schedule(
            timeout,
            () ->
                exchange.cancel(
                    new CallFailure(CallFailure.Kind.TIMEOUT, "warm-up ping timed out")));
    exchange
        .result()
        .onComplete(
            ended -> {
              limit.cancel();
              if (reportedOnce != null) {
                if (reportedOnce[0]) {
                  return;
                }
                reportedOnce[0] = true;
              }
              Verdict verdict = Verdict.of(ended);
              InstancePool pool = guards.of(service.name()).instances();
              pool.record(pool.instance(instance), verdict);
              if (verdict == Verdict.FAILURE && LOG.isDebugEnabled()) {
                LOG.debug(
                    "warm-up ping to {} instance {} failed",
                    service.name(),
                    service.instances().get(instance));
              }
            });
  }

  @Override
  public void close() {
    periodics.forEach(vertx::cancelTimer);
  }
}
