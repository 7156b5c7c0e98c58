package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cluster none of whose seeds answers costs no request: the gateway starts, serves from the
 * services with its own decisions, and counts what Redis could not do (the metrics an operator
 * alerts on; the warnings name the seeds).
 */
class RedisClusterUnreachableTest {

  @Test
  void anUnreachableClusterCostsNoRequest() throws Exception {
    String seeds = "127.0.0.1:" + closedPort() + ",127.0.0.1:" + closedPort();
    try (GatewayHarness gw =
        GatewayHarness.start(
            """
            server:
              host: 127.0.0.1
              port: 0
              instances: 1
              adminPort: 0
              rateLimits: { redisTimeout: 200ms }
            cache: { redis: "redis-cluster://SEEDS", redisTimeout: 200ms }
            services:
              catalog: { urls: ["{catalog}"], timeout: 2s }
            endpoints:
              GET /p/{id}:
                rateLimit: { rate: 1000/s, burst: 1000 }
                calls:
                  product:
                    service: catalog
                    path: "/products/${path.id}"
                    cache: { ttl: 60s, tags: ["product:${path.id}"] }
                response: { name: "${product.name}" }
            """
                .replace("SEEDS", seeds))) {
      for (int i = 1; i <= 5; i++) {
        HttpResponse<String> response = gw.get("/p/" + i);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("miss", response.headers().firstValue("Mosaic-Cache").orElseThrow());
      }
      GatewayHarness.eventually(
          Duration.ofSeconds(5),
          "the cache tier and the rate limiter counted Redis's failures",
          () ->
              GatewayHarness.holds(
                  () -> {
                    Scrape scrape = Scrape.parse(gw.admin("GET", "/metrics", null).body());
                    return scrape.value("mosaic_cache_shared_failures_total") > 0
                        && scrape.value("mosaic_ratelimit_shared_failures_total") > 0;
                  }));
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort(); // closed again: nothing listens there
    }
  }
}
