package dev.mosaic.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactedConfigTest {

  private static final String R = RedactedConfig.REDACTED;

  private static final String YAML =
      """
      server:
        port: 8080
        requestTimeout: 5s
        compression: true
        ratio: 0.75
      cache:
        url: redis://:s3cr3t-redis-pw@127.0.0.1:6379/0
        backup: redis://ops:0ps-pw-42@cache.internal:6380/1
        ttl: 60s
      admin:
        password: hunter2-admin
        apiKey: ak-live-123456
        token: tok-abcdef
        refreshToken: "${secret:refresh}"
        users: [alice, bob]
      services:
        catalog:
          url: http://catalog.internal:8081
          timeout: 2s
          retries: 3
          headers:
            x-api-key: catalog-key-987
            authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig
            accept: application/json
            x-tenant: "${secret:tenant}"
          instances:
            - http://10.0.0.1:8081
            - http://10.0.0.2:8081
        reviews:
          url: https://svc:reviews-pw-55@reviews.internal/api
          headers:
            x-client-id: reviews-client-id-77
          budget: { perSecond: 100, enforce: false }
      """;

  private static final List<String> SECRETS =
      List.of(
          "s3cr3t-redis-pw",
          "0ps-pw-42",
          "hunter2-admin",
          "ak-live-123456",
          "tok-abcdef",
          "catalog-key-987",
          "eyJhbGciOiJIUzI1NiJ9",
          "reviews-pw-55",
          "reviews-client-id-77",
          "application/json");

  private static void assertNoneAppear(String encoded, List<String> secrets) {
    for (String secret : secrets) {
      assertFalse(encoded.contains(secret), () -> secret + " appears in " + encoded);
    }
  }

  @Test
  void theOutputIsValidJsonAndNoSecretAppearsInIt() {
    JsonObject config = RedactedConfig.of(YAML);
    String encoded = config.encode();

    assertEquals(config, new JsonObject(encoded));
    assertEquals(config, new JsonObject(config.encodePrettily()));
    assertNoneAppear(encoded, SECRETS);
    assertNoneAppear(config.encodePrettily(), SECRETS);
  }

  @Test
  void serviceHeaderValuesAreRedacted() {
    JsonObject services = RedactedConfig.of(YAML).getJsonObject("services");
    JsonObject catalog = services.getJsonObject("catalog").getJsonObject("headers");

    assertEquals(R, catalog.getString("x-api-key"));
    assertEquals(R, catalog.getString("authorization"));
    // every fixed header value, whatever its name
    assertEquals(R, catalog.getString("accept"));
    assertEquals(
        R, services.getJsonObject("reviews").getJsonObject("headers").getString("x-client-id"));
    assertEquals(4, catalog.size());
  }

  @Test
  void theSpanExportsHeaderValuesAreRedacted() {
    JsonObject otlp =
        RedactedConfig.of(
                """
                server:
                  tracing:
                    otlp:
                      endpoint: http://127.0.0.1:4318/v1/traces
                      headers: { x-honeycomb-team: hc-abc123, dd-site: eu }
                """)
            .getJsonObject("server")
            .getJsonObject("tracing")
            .getJsonObject("otlp");
    assertEquals(R, otlp.getJsonObject("headers").getString("x-honeycomb-team"));
    assertEquals(R, otlp.getJsonObject("headers").getString("dd-site"));
    assertEquals("http://127.0.0.1:4318/v1/traces", otlp.getString("endpoint"));
  }

  @Test
  void secretReferencesAreKept() {
    JsonObject config = RedactedConfig.of(YAML);

    assertEquals(
        "${secret:tenant}",
        config
            .getJsonObject("services")
            .getJsonObject("catalog")
            .getJsonObject("headers")
            .getString("x-tenant"));
    assertEquals("${secret:refresh}", config.getJsonObject("admin").getString("refreshToken"));
  }

  @Test
  void keysNamedLikeSecretsAreRedactedAnywhere() {
    JsonObject config =
        RedactedConfig.of(
            """
        admin:
          password: hunter2-admin
          apiKey: ak-live-123456
          token: tok-abcdef
        deep:
          nested:
            level:
              DB_PASSWORD: pw-deep-1
              api-key: ak-2
              api_key: ak-3
              clientSecret: cs-4
              privateKey: pk-5
              Cookie: ck-6
              passwd: pw-7
              credentials: cr-8
              numericPin:
              password2: 12345
              tokenEnabled: true
        """);

    JsonObject admin = config.getJsonObject("admin");
    assertEquals(new JsonObject().put("password", R).put("apiKey", R).put("token", R), admin);

    JsonObject level = config.getJsonObject("deep").getJsonObject("nested").getJsonObject("level");
    for (String key :
        List.of(
            "DB_PASSWORD",
            "api-key",
            "api_key",
            "clientSecret",
            "privateKey",
            "Cookie",
            "passwd",
            "credentials",
            "password2",
            "tokenEnabled")) {
      assertEquals(R, level.getValue(key), key);
    }
    assertTrue(level.containsKey("numericPin"));
    assertEquals(null, level.getValue("numericPin"));
    assertNoneAppear(
        config.encode(),
        List.of(
            "hunter2-admin",
            "ak-live-123456",
            "tok-abcdef",
            "pw-deep-1",
            "ak-2",
            "ak-3",
            "cs-4",
            "pk-5",
            "ck-6",
            "pw-7",
            "cr-8",
            "12345"));
  }

  @Test
  void urlUserInfoIsMaskedButTheHostIsKept() {
    JsonObject config = RedactedConfig.of(YAML);
    JsonObject cache = config.getJsonObject("cache");

    assertEquals("redis://" + R + "@127.0.0.1:6379/0", cache.getString("url"));
    assertEquals("redis://" + R + "@cache.internal:6380/1", cache.getString("backup"));
    assertEquals(
        "https://" + R + "@reviews.internal/api",
        config.getJsonObject("services").getJsonObject("reviews").getString("url"));
    String encoded = config.encode();
    assertTrue(encoded.contains("127.0.0.1:6379/0"));
    assertFalse(encoded.contains("s3cr3t-redis-pw"));
    assertFalse(encoded.contains(":s3cr3t"));
  }

  @Test
  void userInfoInsideLongerStringsAndListsIsMasked() {
    JsonObject config =
        RedactedConfig.of(
            """
        note: "primary redis://u:pw-in-text@a.example:1/0 and amqp://guest:guest-pw@b.example/vh"
        mirrors:
          - http://m:mirror-pw@mirror1.example/path
          - http://mirror2.example/path
        """);

    assertEquals(
        "primary redis://" + R + "@a.example:1/0 and amqp://" + R + "@b.example/vh",
        config.getString("note"));
    assertEquals(
        new JsonArray()
            .add("http://" + R + "@mirror1.example/path")
            .add("http://mirror2.example/path"),
        config.getJsonArray("mirrors"));
    assertNoneAppear(config.encode(), List.of("pw-in-text", "guest-pw", "mirror-pw"));
  }

  @Test
  void ordinaryValuesAreKeptUnchanged() {
    JsonObject config = RedactedConfig.of(YAML);

    JsonObject server = config.getJsonObject("server");
    assertEquals(8080, server.getInteger("port"));
    assertEquals("5s", server.getString("requestTimeout"));
    assertEquals(true, server.getBoolean("compression"));
    assertEquals(0.75, server.getDouble("ratio"));
    assertEquals("60s", config.getJsonObject("cache").getString("ttl"));
    assertEquals(
        new JsonArray().add("alice").add("bob"),
        config.getJsonObject("admin").getJsonArray("users"));

    JsonObject catalog = config.getJsonObject("services").getJsonObject("catalog");
    assertEquals("http://catalog.internal:8081", catalog.getString("url"));
    assertEquals("2s", catalog.getString("timeout"));
    assertEquals(3, catalog.getInteger("retries"));
    assertEquals(
        new JsonArray().add("http://10.0.0.1:8081").add("http://10.0.0.2:8081"),
        catalog.getJsonArray("instances"));
    assertEquals(
        new JsonObject().put("perSecond", 100).put("enforce", false),
        config.getJsonObject("services").getJsonObject("reviews").getJsonObject("budget"));
  }

  @Test
  void aConfigWithoutSecretsComesBackAsWritten() {
    String yaml =
        """
        server: { port: 8080, host: 0.0.0.0 }
        endpoints:
          "GET /products/{id}":
            calls:
              product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s } }
              reviews: { service: reviews, optional: true, fallback: [] }
        """;
    JsonObject expected =
        new JsonObject()
            .put("server", new JsonObject().put("port", 8080).put("host", "0.0.0.0"))
            .put(
                "endpoints",
                new JsonObject()
                    .put(
                        "GET /products/{id}",
                        new JsonObject()
                            .put(
                                "calls",
                                new JsonObject()
                                    .put(
                                        "product",
                                        new JsonObject()
                                            .put("service", "catalog")
                                            .put("path", "/products/${path.id}")
                                            .put("cache", new JsonObject().put("ttl", "60s")))
                                    .put(
                                        "reviews",
                                        new JsonObject()
                                            .put("service", "reviews")
                                            .put("optional", true)
                                            .put("fallback", new JsonArray())))));

    assertEquals(expected, RedactedConfig.of(yaml));
  }

  @Test
  void emptyOrNonMappingYamlGivesAnEmptyObject() {
    assertEquals(new JsonObject(), RedactedConfig.of(""));
    assertEquals(new JsonObject(), RedactedConfig.of("- a\n- b\n"));
  }

  @Test
  void aListUnderASecretNamedKeyIsRedacted() {
    JsonObject config =
        RedactedConfig.of(
            """
        auth:
          apiKeys: [key-one-111, key-two-222]
        services:
          catalog:
            headers:
              x-api-key: [catalog-key-a, catalog-key-b]
        """);

    assertNoneAppear(
        config.encode(), List.of("key-one-111", "key-two-222", "catalog-key-a", "catalog-key-b"));
  }

  @Test
  void aMappingUnderASecretNamedKeyIsRedacted() {
    JsonObject config =
        RedactedConfig.of(
            """
        database:
          credentials:
            user: app
            pass: db-pass-333
        """);

    assertNoneAppear(config.encode(), List.of("db-pass-333"));
  }

  @Test
  void secretReferencesAndTheSecretsSourceAreShownButInlineCredentialsBesideThemAreNot() {
    JsonObject config =
        RedactedConfig.of(
            """
        server: { secrets: /run/secrets }
        services:
          catalog:
            headers: { authorization: "Bearer ${secret:token}", x-key: "key-${secret:suffix}" }
        endpoints:
          GET /p:
            calls:
              a: { headers: { Authorization: "Basic ${secret:basic}" } }
        """);
    assertEquals("/run/secrets", config.getJsonObject("server").getString("secrets"));
    JsonObject headers =
        config.getJsonObject("services").getJsonObject("catalog").getJsonObject("headers");
    assertEquals("Bearer ${secret:token}", headers.getString("authorization"));
    assertEquals(
        R, headers.getString("x-key"), "literal text beside a reference may be a credential");
    assertEquals(
        "Basic ${secret:basic}",
        config
            .getJsonObject("endpoints")
            .getJsonObject("GET /p")
            .getJsonObject("calls")
            .getJsonObject("a")
            .getJsonObject("headers")
            .getString("Authorization"));
  }
}
