package dev.mosaic.gateway.http;

import dev.mosaic.gateway.tls.ServiceTrust;
import dev.mosaic.rules.plan.ServiceAddress;
import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientBuilder;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One keep-alive HTTP client per service, for one event loop: the bottom of the call stack. Created
 * inside a server verticle, so a call and its answer stay on the loop that took the client request
 * (no hand-offs), and closed with it. The client keeps one pool per instance (Vert.x pools by host
 * and port), each of {@code poolSize} connections. Every limit is explicit: Vert.x's defaults (5
 * connections, no timeout, an unbounded wait queue) are wrong for a gateway.
 */
public final class ServiceClients implements InstanceCaller {

  /** A service's client on this loop and what it reports to the pool gauges (null: metrics off). */
  private record Client(HttpClient http, ConnectionPools.Usage usage) {}

  private final Map<String, Client> clients = new HashMap<>();
  private final ConnectionPools pools;

  /**
   * @param pools where the clients count their connections, or null when metrics are off
   */
  public ServiceClients(Vertx vertx, Iterable<ServicePlan> plans, ConnectionPools pools) {
    this.pools = pools;
    for (ServicePlan service : plans) {
      HttpClientOptions options =
          ServiceTrust.apply(
              new HttpClientOptions()
                  .setKeepAlive(true)
                  .setKeepAliveTimeout(60)
                  .setTcpNoDelay(true)
                  .setConnectTimeout(
                      (int) Math.min(Integer.MAX_VALUE, service.connectTimeout().toMillis()))
                  .setSsl(service.instances().get(0).ssl())
                  .setMaxRedirects(0)
                  .setName("mosaic-" + service.name()),
              service.tls(),
              service.instances().stream().anyMatch(ServiceAddress::ssl));
      PoolOptions pool =
          new PoolOptions()
              .setHttp1MaxSize(service.poolSize())
              .setMaxWaitQueueSize(service.maxWaitQueue());
      ConnectionPools.Usage usage =
          pools == null
              ? null
              : pools.register(service.name(), service.poolSize() * service.instances().size());
      HttpClientBuilder builder = vertx.httpClientBuilder().with(options).with(pool);
      if (usage != null) {
        builder.withConnectHandler(
            connection -> {
              usage.opened();
              connection.closeHandler(closed -> usage.closed());
            });
      }
      HttpClient http = builder.build();
      clients.put(service.name(), new Client(http, usage));
    }
  }

  /** Starts one exchange with one instance; its result completes on this event loop. */
  @Override
  public Exchange send(Outbound call, int instance) {
    Client client = clients.get(call.service().name());
    if (call.span() != null) {
      ServiceAddress address = call.service().instances().get(instance);
      call.span().attempt(address.host(), address.port());
    }
    return ServiceExchange.start(client.http(), client.usage(), call, instance);
  }

  /**
   * Opens one request to one instance, its target from config only. Where the client's own scheme
   * fits (every instance of a service has the same, as a rule) no RequestOptions are built: that
   * cost ~0.7 µs a call, most of it copying SSL options. The headers go on the opened request.
   *
   * <p>No per-request acquisition timeout: Vert.x would arm a timer for every request, which cost
   * more than the request itself at high rates. A call waiting for a pooled connection is bounded
   * by the wait queue's size (beyond it: rejected at once) and by the call's own time limit; the
   * TCP connect has its own limit in the client options.
   */
  static Future<HttpClientRequest> open(
      HttpClient client, ServicePlan service, ServiceAddress address, ServiceRequest request) {
    HttpMethod method = HttpMethod.valueOf(request.method());
    if (address.ssl() == service.instances().get(0).ssl()) {
      return client.request(method, address.port(), address.host(), request.uri());
    }
    return client.request(
        new RequestOptions()
            .setMethod(method)
            .setHost(address.host())
            .setPort(address.port())
            .setSsl(address.ssl())
            .setURI(request.uri())
            .setFollowRedirects(false));
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    clients.forEach(
        (service, client) -> {
          closing.add(client.http().close());
          if (client.usage() != null) {
            pools.release(service, client.usage());
          }
        });
    return Future.join(closing).mapEmpty();
  }
}
