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

/** The rate-limit keys: what they compile to, and the limits that make no sense. */
class RateLimitConfigTest {

  private static final String SERVICES =
      "services:\n  catalog: { urls: [http://127.0.0.1:9101] }\n";

  private static GatewayPlan compile(String yaml) throws ConfigException {
    return PlanCompiler.compile("t.yaml", yaml);
  }

  private static String endpoint(String rateLimit) {
    return SERVICES
        + "endpoints:\n  GET /p:\n    rateLimit: "
        + rateLimit
        + "\n    calls: { a: { service: catalog, path: /p } }\n";
  }

  private static void rejects(String yaml, int line, int column, String... fragments) {
    List<ConfigProblem> found = assertThrows(ConfigException.class, () -> compile(yaml)).problems();
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), all);
    assertEquals("t.yaml:" + line + ":" + column, found.get(0).position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(found.get(0).message().contains(fragment), all);
    }
    assertTrue(!all.contains("secret"), "no password in a config error: " + all);
  }

  /** A problem with the endpoint's rateLimit, at {@code at} in it. */
  private static void rejectsAt(String rateLimit, String at, String... fragments) {
    rejects(endpoint(rateLimit), 5, 16 + rateLimit.indexOf(at), fragments);
  }

  @Test
  void aRateABurstAndAKeyCompile() throws Exception {
    RateLimit limit =
        compile(endpoint("{ rate: 600/m, burst: 20, by: header:X-Api-Key }"))
            .endpoints()
            .get(0)
            .rateLimit();
    assertEquals(
        new RateLimit(
            10, 20, new RateLimit.ClientKey(RateLimit.ClientKey.Source.HEADER, "x-api-key")),
        limit);
    assertEquals(100_000_000L, limit.intervalNanos());
    assertEquals("header:x-api-key", limit.by().toString());
  }

  @Test
  void perSecondAndTheDefaultsBurstOneSecondByAddress() throws Exception {
    RateLimit limit = compile(endpoint("{ perSecond: 2.5 }")).endpoints().get(0).rateLimit();
    assertEquals(new RateLimit(2.5, 3, RateLimit.ClientKey.IP), limit);
    RateLimit slow =
        compile(endpoint("{ rate: 1/h, by: header:X-Key }")).endpoints().get(0).rateLimit();
    assertEquals(1, slow.burst(), "at least one token");
  }

  @Test
  void aClaimKeyNeedsAuthOnTheEndpoint() {
    String yaml = endpoint("{ rate: 1/h, by: claim:sub }");
    int line = (int) yaml.lines().takeWhile(l -> !l.contains("rateLimit:")).count() + 1;
    rejects(yaml, line, 16, "rateLimit by claim:sub needs auth:");
  }

  @Test
  void theServerDefaultAppliesToEndpointsWithoutTheirOwnAndFalseOptsOut() throws Exception {
    GatewayPlan plan =
        compile(
            """
        server: { rateLimits: { default: { rate: 5/s }, maxClients: 1000, redisTimeout: 20ms } }
        cache: { redis: "redis://127.0.0.1:6390" }
        """
                + SERVICES
                + """
        endpoints:
          GET /a: { calls: { a: { service: catalog, path: /a } } }
          GET /b: { rateLimit: false, calls: { a: { service: catalog, path: /b } } }
          GET /c: { rateLimit: { rate: 1/s }, calls: { a: { service: catalog, path: /c } } }
        """);
    RateLimitSettings settings = plan.server().rateLimits();
    assertEquals(
        new RateLimitSettings(
            "redis://127.0.0.1:6390",
            Duration.ofMillis(20),
            1000,
            new RateLimit(5, 5, RateLimit.ClientKey.IP)),
        settings,
        "the cache's Redis unless told otherwise");
    assertEquals(5, plan.endpoints().get(0).rateLimit().perSecond());
    assertNull(plan.endpoints().get(1).rateLimit());
    assertEquals(1, plan.endpoints().get(2).rateLimit().perSecond());
  }

  @Test
  void redisFalseKeepsBucketsInEachProcess() throws Exception {
    GatewayPlan plan =
        compile(
            """
        server: { rateLimits: { redis: false } }
        cache: { redis: "redis://127.0.0.1:6390" }
        """
                + endpoint("{ rate: 1/s }"));
    assertNull(plan.server().rateLimits().redisUrl());
    assertEquals(RateLimitSettings.NONE, compile(endpoint("{ rate: 1/s }")).server().rateLimits());
  }

  @Test
  void badValuesAreRejectedWhereTheyAreWritten() {
    rejectsAt("{ rate: 10/day }", "10/day", "bad rate '10/day'", "10/s");
    rejectsAt("{ rate: 0/s }", "0/s", "rate: must be greater than 0");
    rejectsAt("{ perSecond: 2000000 }", "2000000", "at most 1000000 per second");
    rejectsAt("{ rate: 10/s, perSecond: 10 }", "10 }", "either rate");
    rejectsAt("{ burst: 5 }", "{", "needs a rate");
    rejectsAt("{ rate: 10/s, burst: 0 }", "0 }", "out of range");
    rejectsAt("{ rate: 1/h, burst: 100 }", "100", "longer than a day");
    rejectsAt(
        "{ rate: 10/s, by: cookie }", "cookie", "bad client key 'cookie'", "header:<Header-Name>");
    rejectsAt("{ rate: 10/s, by: \"header:X Api\" }", "\"header", "bad client key");
    rejectsAt("{ rate: 10/s, per: ip }", "per", "unknown key 'per'");
    rejectsAt("true", "true", "rateLimit: true says nothing");
    rejects(
        "server: { rateLimits: { redis: \"redis://:secret@host:99999\" } }\n"
            + endpoint("{ rate: 1/s }"),
        1,
        32,
        "is not a Redis URL",
        "//***@");
    rejects(
        "server: { rateLimits: { maxClients: 0 } }\n" + endpoint("{ rate: 1/s }"),
        1,
        37,
        "out of range");
  }
}
