package dev.mosaic.rules.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A service Mosaic calls: where its instances are, how much waiting and memory a call to it may
 * cost, the resilience its calls are wrapped in, its call budget (null: none), and how its https://
 * instances are checked (null: the JVM's trust store, host names verified). Defaults are explicit
 * because Vert.x's own (5 connections, no request timeout, an unbounded wait queue) would let one
 * slow service exhaust the gateway.
 */
public record ServicePlan(
    String name,
    List<ServiceAddress> instances,
    Duration timeout,
    Duration connectTimeout,
    int poolSize,
    int maxWaitQueue,
    long maxResponseSize,
    Map<String, String> headers,
    Resilience resilience,
    CallBudget callBudget,
    ServiceTls tls) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_POOL_SIZE = 128;
  public static final int DEFAULT_MAX_WAIT_QUEUE = 1024;
  public static final long DEFAULT_MAX_RESPONSE_SIZE = 8L << 20;

  public ServicePlan {
    instances = List.copyOf(instances);
    headers = FixedHeaders.of(headers);
  }

  public ServicePlan(
      String name,
      List<ServiceAddress> instances,
      Duration timeout,
      Duration connectTimeout,
      int poolSize,
      int maxWaitQueue,
      long maxResponseSize,
      Map<String, String> headers,
      Resilience resilience,
      CallBudget callBudget) {
    this(
        name,
        instances,
        timeout,
        connectTimeout,
        poolSize,
        maxWaitQueue,
        maxResponseSize,
        headers,
        resilience,
        callBudget,
        null);
  }
}
