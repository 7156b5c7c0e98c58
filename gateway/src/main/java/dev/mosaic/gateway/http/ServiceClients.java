package dev.mosaic.gateway.http;

import dev.mosaic.gateway.tls.ServiceTrust;
import dev.mosaic.rules.plan.ServiceAddress;
import dev.mosaic.rules.plan.ServicePlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One keep-alive HTTP client per service, for one event loop: the bottom of the call stack.
 * Created inside a server verticle, so a call and its answer stay on the loop that took the client
 * request (no hand-offs), and closed with it. The client keeps one pool per instance (Vert.x pools
 * by host and port), each of {@code poolSize} connections. Every limit is explicit: Vert.x's
 * defaults (5 connections, no timeout, an unbounded wait queue) are wrong for a gateway.
 */
public final class ServiceClients implements InstanceCaller {

  private final Map<String, HttpClient> clients = new HashMap<>();

  public ServiceClients(Vertx vertx, Iterable<ServicePlan> plans) {
    for (ServicePlan service : plans) {
      HttpClientOptions options = ServiceTrust.apply(new HttpClientOptions()
          .setKeepAlive(true)
          .setKeepAliveTimeout(60)
          .setTcpNoDelay(true)
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, service.connectTimeout().toMillis()))
          .setSsl(service.instances().get(0).ssl())
          .setMaxRedirects(0)
          .setName("mosaic-" + service.name()), service.tls());
      PoolOptions pool = new PoolOptions()
          .setHttp1MaxSize(service.poolSize())
          .setMaxWaitQueueSize(service.maxWaitQueue());
      clients.put(service.name(), vertx.createHttpClient(options, pool));
    }
  }

  /** Starts one exchange with one instance; its result completes on this event loop. */
  @Override
  public Exchange send(Outbound call, int instance) {
    return ServiceExchange.start(clients.get(call.service().name()), call, instance);
  }

  /**
   * The request options every exchange with this service uses: target from config only. No
   * per-request acquisition timeout: Vert.x would arm a timer for every request, which cost more
   * than the request itself at high rates. A call waiting for a pooled connection is bounded by
   * the wait queue's size (beyond it: rejected at once) and by the call's own time limit; the TCP
   * connect has its own limit in the client options.
   */
  static RequestOptions options(ServiceAddress address, ServiceRequest request) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(request.method()))
        .setHost(address.host())
        .setPort(address.port())
        .setSsl(address.ssl())
        .setURI(request.uri())
        .setFollowRedirects(false);
    if (request.headers() != null) {
      options.setHeaders(request.headers());
    }
    return options;
  }

  public Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    clients.values().forEach(c -> closing.add(c.close()));
    return Future.join(closing).mapEmpty();
  }
}
