package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The cache keys: what they compile to, and the settings that could leak or make no sense. */
class CacheConfigTest {

  private static final String SERVICES =
      "services:\n  catalog: { urls: [http://127.0.0.1:9101] }\n";

  private static void rejects(String yaml, int line, int column, String... fragments) {
    List<ConfigProblem> found =
        assertThrows(ConfigException.class, () -> PlanCompiler.compile("t.yaml", yaml)).problems();
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), all);
    assertEquals("t.yaml:" + line + ":" + column, found.get(0).position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(found.get(0).message().contains(fragment), all);
    }
    assertTrue(!all.contains("secret"), "no password in a config error: " + all);
  }

  @Test
  void aCachedCallAndTheSectionCompile() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
        cache: { maxEntries: 500, maxBytes: 16MB }
        endpoints:
          GET /p/{id}:
            calls:
              a:
                service: catalog
                path: "/products/${path.id}"
                headers: { Accept-Language: "${headers.`accept-language`}" }
                cache: { ttl: 30s, staleWhileRevalidate: 10s, staleIfError: 5m, vary: [Accept-Language] }
              b: { service: catalog, path: "/products/${path.id}" }
        """);
    assertEquals(new CacheSettings(true, 500, 16L << 20, null), plan.cache());
    CallCache cache = plan.endpoints().get(0).calls().get(0).cache();
    assertEquals(
        new CallCache(
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            List.of("accept-language")),
        cache);
    assertEquals(Duration.ofSeconds(330), cache.keepFor());
    assertNull(plan.endpoints().get(0).calls().get(1).cache());
  }

  @Test
  void aCallForwardingTheClientsIdentityIsNeverCachedAcrossUsers() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /me:
            calls:
              me:
                service: catalog
                path: /me
                headers: { Authorization: "${headers.authorization}" }
                cache: { ttl: 30s }
        """,
        10,
        16,
        "would serve one user's answer to another",
        "vary: [Authorization]");
  }

  @Test
  void withTheIdentityInTheKeyItIsCachedPerUser() throws Exception {
    GatewayPlan plan =
        PlanCompiler.compile(
            "t.yaml",
            SERVICES
                + """
        endpoints:
          GET /me:
            calls:
              me:
                service: catalog
                path: /me
                headers: { Authorization: "${headers.authorization}" }
                cache: { ttl: 30s, vary: [authorization] }
        """);
    assertEquals(List.of("authorization"), plan.endpoints().get(0).calls().get(0).cache().vary());
  }

  @Test
  void onlyReadsAreCached() {
    rejects(
        SERVICES
            + """
        endpoints:
          POST /p:
            calls:
              a: { service: catalog, method: POST, path: /p, cache: { ttl: 1s } }
        """,
        6,
        61,
        "only GET and HEAD calls can be cached");
  }

  @Test
  void anUnparsableRedisUrlIsRejected() {
    rejects(
        SERVICES
            + """
        cache: { redis: "redis://:secret@/0" }
        endpoints:
          GET /p:
            calls: { a: { service: catalog, path: /p } }
        """,
        3,
        17,
        "is not a Redis URL",
        "redis://***@/0");
  }

  @Test
  void anEndpointReadingTheClientsIdentityIsCachedOnlyPerIdentity() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /me:
            headers: [Authorization]
            cache: { ttl: 10s }
            calls: { a: { service: catalog, path: /me, headers: { Authorization: "${headers.authorization}" } } }
            response: { me: "${a}" }
        """,
        6,
        12,
        "would serve one user's answer to another");
  }

  @Test
  void onlyGetEndpointsAreCached() {
    rejects(
        SERVICES
            + """
        endpoints:
          POST /p:
            cache: { ttl: 10s }
            calls: { a: { service: catalog, method: POST, path: /p } }
            response: { ok: true }
        """,
        5,
        12,
        "only GET endpoints can be cached");
  }

  @Test
  void aZeroTtlIsRejected() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p, cache: { ttl: 0s } }
        """,
        6,
        54,
        "ttl: must be greater than 0");
  }
}
