package dev.mosaic.rules.plan;

import static dev.mosaic.rules.plan.ConfigRejections.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Redis Cluster is named by a {@code redis-cluster://} URL or a list of node URLs wherever one
 * Redis may be; a malformed one is refused at file:line:col, its password masked.
 */
class RedisClusterConfigTest {

  private static final String REST =
      """
      services:
        catalog: { urls: [http://127.0.0.1:9101] }
      endpoints:
        GET /p:
          calls: { a: { service: catalog, path: /p } }
      """;

  private static GatewayPlan compile(String head) throws Exception {
    return PlanCompiler.compile("t.yaml", head + REST);
  }

  @Test
  void aClusterUrlIsTheCachesAndWhatTheOtherSectionsInherit() throws Exception {
    String url = "redis-cluster://:pw@127.0.0.1:7000,127.0.0.1:7001,localhost:7002";
    GatewayPlan plan = compile("cache: { redis: \"" + url + "\" }\n");
    assertEquals(url, plan.cache().redisUrl());
    assertEquals(url, plan.server().rateLimits().redisUrl());
    assertEquals(url, plan.sagas().redisUrl());
    assertEquals(url, plan.events().redisUrl());
    RedisAddress address = RedisAddress.parse(url);
    assertEquals(true, address.cluster());
    assertEquals(
        List.of(
            "redis://:pw@127.0.0.1:7000",
            "redis://:pw@127.0.0.1:7001",
            "redis://:pw@localhost:7002"),
        address.nodes());
    assertEquals(false, RedisAddress.parse("redis://127.0.0.1:6379/2").cluster());
  }

  @Test
  void aListOfNodeUrlsIsACluster() throws Exception {
    GatewayPlan plan =
        compile(
            """
            cache: { redis: "redis://127.0.0.1:6379" }
            server:
              rateLimits:
                redis: [redis://127.0.0.1:7000, "redis://127.0.0.1:7001", redis://127.0.0.1]
            sagas: { redis: false }
            events:
              redis:
                - rediss://:s@10.0.0.1:7000
                - rediss://:s@10.0.0.2:7000
            """);
    assertEquals(
        "redis-cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:6379",
        plan.server().rateLimits().redisUrl());
    assertNull(plan.sagas().redisUrl());
    assertEquals("rediss-cluster://:s@10.0.0.1:7000,10.0.0.2:7000", plan.events().redisUrl());
    assertEquals(
        List.of("rediss://:s@10.0.0.1:7000", "rediss://:s@10.0.0.2:7000"),
        RedisAddress.parse(plan.events().redisUrl()).nodes());
  }

  @Test
  void aClusterUrlWithABadHostOrPortIsRefusedWithItsPasswordMasked() {
    rejects(
        "cache: { redis: \"redis-cluster://:secret@127.0.0.1:7000,127.0.0.1:99999\" }\n" + REST,
        1,
        17,
        "cache.redis",
        "'127.0.0.1:99999' is not host:port",
        "redis-cluster://***@");
    rejects(
        "sagas: { redis: \"redis-cluster://127.0.0.1:7000,bad host:7001\" }\n" + REST,
        1,
        17,
        "sagas.redis",
        "'bad host:7001' is not host:port");
    rejects(
        "events: { redis: \"redis-cluster://127.0.0.1:7000,,127.0.0.1:7002\" }\n" + REST,
        1,
        18,
        "events.redis",
        "is not host:port");
    rejects("cache: { redis: \"redis-cluster://\" }\n" + REST, 1, 17, "names no node");
    rejects(
        "cache: { redis: \"redis-cluster://127.0.0.1:7000/1\" }\n" + REST,
        1,
        17,
        "a cluster has no database number");
  }

  @Test
  void anEmptyListOrAMixedOneIsRefusedWhereItIsWritten() {
    rejects(
        "server: { rateLimits: { redis: [] } }\n" + REST,
        1,
        32,
        "rateLimits.redis",
        "an empty list names no Redis");
    rejects(
        """
        cache:
          redis:
            - redis://127.0.0.1:7000
            - rediss://127.0.0.1:7001
        """
            + REST,
        4,
        7,
        "mixes rediss:// with redis://");
    rejects(
        """
        cache:
          redis:
            - redis://127.0.0.1:7000
            - redis-cluster://127.0.0.1:7001,127.0.0.1:7002
        """
            + REST,
        4,
        7,
        "a list is a cluster already");
    rejects(
        "cache: { redis: [redis://:a@127.0.0.1:7000, redis://:b@127.0.0.1:7001] }\n" + REST,
        1,
        45,
        "the same password",
        "//***@");
    rejects(
        "cache: { redis: [redis://127.0.0.1:7000, \"http://127.0.0.1:7001\"] }\n" + REST,
        1,
        42,
        "is not a node's URL");
    rejects("cache: { redis: [redis://127.0.0.1:7000/3] }\n" + REST, 1, 18, "no database number");
  }

  @Test
  void anotherSchemeIsRefusedByTheSchema() {
    rejects("cache: { redis: \"memcached-cluster://h:1\" }\n" + REST, 1, 17, "redis");
  }
}
