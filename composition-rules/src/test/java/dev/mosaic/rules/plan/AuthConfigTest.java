package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auth:} as it compiles, and every way it is refused, with the config's line and column. */
class AuthConfigTest {

  @TempDir static Path dir;

  private static final String SERVICES = "services:\n  users: { urls: [http://127.0.0.1:9104] }\n";

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    write("rsa.pem", "PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded());
    write("private.pem", "PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
    rsa.initialize(1024);
    write("rsa1024.pem", "PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded());
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"));
    write("ec256.pem", "PUBLIC KEY", ec.generateKeyPair().getPublic().getEncoded());
    Files.writeString(dir.resolve("hs.key"), "0123456789abcdef0123456789abcdef\n");
    Files.writeString(dir.resolve("short.key"), "too short");
    Files.writeString(dir.resolve("junk.pem"), "not a key");
  }

  private static void write(String name, String type, byte[] der) throws Exception {
    String pem =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n";
    Files.writeString(dir.resolve(name), pem);
  }

  /** Compiled as if the file lived in the temporary directory, so key paths are relative to it. */
  private static GatewayPlan compile(String yaml) throws ConfigException {
    return PlanCompiler.compile(dir.resolve("t.yaml").toString(), yaml);
  }

  private static void rejects(String yaml, int line, int column, String... fragments) {
    List<ConfigProblem> found = assertThrows(ConfigException.class, () -> compile(yaml)).problems();
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), all);
    assertEquals(
        dir.resolve("t.yaml") + ":" + line + ":" + column, found.get(0).position().toString(), all);
    for (String fragment : fragments) {
      assertTrue(found.get(0).message().contains(fragment), all);
    }
  }

  private static String endpoint(String auth) {
    return SERVICES
        + """
        endpoints:
          GET /me:
            auth: %s
            calls:
              me: { service: users, path: "/users/${auth.sub}" }
        """
            .formatted(auth);
  }

  @Test
  void keysFromFilesCompileRelativeToTheConfigFile() throws Exception {
    AuthSettings auth =
        compile(
                endpoint(
                    """
        { issuer: "https://id.example", audience: [orders, shop], leeway: 30s,
                    keys: [ { file: rsa.pem, algorithm: RS256 }, { file: ec256.pem, algorithm: ES256 },
                            { secretFile: hs.key, algorithm: HS256 } ],
                    require: { tenant: acme, scope: [read, write] } }"""))
            .endpoints()
            .get(0)
            .auth();
    assertEquals("https://id.example", auth.issuer());
    assertEquals(List.of("orders", "shop"), auth.audience());
    assertEquals(Duration.ofSeconds(30), auth.leeway());
    assertEquals(List.of("RS256", "ES256", "HS256"), auth.algorithms());
    assertInstanceOf(AuthKey.Public.class, auth.keys().get(0));
    AuthKey.Secret secret = assertInstanceOf(AuthKey.Secret.class, auth.keys().get(2));
    assertEquals(32, secret.bytes().length, "the trailing line break is not part of the secret");
    assertTrue(!secret.toString().contains("0123"), "a secret never prints");
    assertEquals(
        Map.of("tenant", List.of("acme"), "scope", List.of("read", "write")), auth.require());
    assertNull(auth.jwks());
  }

  @Test
  void jwksAsAUrlOrWithItsSettings() throws Exception {
    AuthSettings plain =
        compile(endpoint("{ issuer: i, audience: a, jwks: \"https://id.example/jwks\" }"))
            .endpoints()
            .get(0)
            .auth();
    assertEquals(
        new JwksSettings(
            URI.create("https://id.example/jwks"),
            List.of("RS256"),
            Duration.ofMinutes(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2)),
        plain.jwks());
    AuthSettings tuned =
        compile(
                endpoint(
                    """
        { issuer: i, audience: a, jwks: { url: "http://127.0.0.1:1/k", algorithms: [ES256, RS256],
                      refresh: 5m, minInterval: 10s, timeout: 500ms } }"""))
            .endpoints()
            .get(0)
            .auth();
    assertEquals(List.of("ES256", "RS256"), tuned.algorithms());
    assertEquals(Duration.ofSeconds(10), tuned.jwks().minInterval());
  }

  @Test
  void aTopLevelProfileIsUsedByName() throws Exception {
    GatewayPlan plan =
        compile(
            SERVICES
                + """
        auth:
          staff: { issuer: i, audience: a, keys: [ { file: rsa.pem, algorithm: RS256 } ] }
        endpoints:
          GET /me:
            auth: staff
            calls:
              me: { service: users, path: "/users/${auth.sub}" }
        """);
    assertEquals("staff", plan.endpoints().get(0).auth().profile());
  }

  @Test
  void aMissingKeyFileIsReportedAtItsName() {
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: nowhere.pem, algorithm: RS256 } ] }"),
        5,
        53,
        "no such file",
        "nowhere.pem");
  }

  @Test
  void jwksAndKeysTogetherAreRefused() {
    rejects(
        endpoint(
            "{ issuer: i, audience: a, jwks: \"https://id.example/k\", keys: [ { file: rsa.pem, algorithm: RS256 } ] }"),
        5,
        73,
        "either 'jwks'",
        "not both");
  }

  @Test
  void neitherJwksNorKeysIsRefused() {
    rejects(endpoint("{ issuer: i, audience: a }"), 5, 11, "needs 'jwks");
  }

  @Test
  void anUnknownAlgorithmIsASchemaError() {
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: rsa.pem, algorithm: none } ] }"),
        5,
        73,
        "'none' is not one of");
  }

  @Test
  void aKeyThatCannotVerifyItsAlgorithmIsRefused() {
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: rsa.pem, algorithm: ES256 } ] }"),
        5,
        53,
        "not an EC public key, as ES256 needs");
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: ec256.pem, algorithm: ES384 } ] }"),
        5,
        53,
        "needs P-384");
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: rsa1024.pem, algorithm: RS256 } ] }"),
        5,
        53,
        "1024 bits");
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: junk.pem, algorithm: RS256 } ] }"),
        5,
        53,
        "not a PEM file");
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: private.pem, algorithm: RS256 } ] }"),
        5,
        53,
        "PRIVATE KEY",
        "only the public key");
  }

  @Test
  void secretsAndPublicKeysAreNotInterchangeable() {
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { file: rsa.pem, algorithm: HS256 } ] }"),
        5,
        73,
        "use 'secretFile'");
    rejects(
        endpoint("{ issuer: i, audience: a, keys: [ { secretFile: hs.key, algorithm: RS256 } ] }"),
        5,
        78,
        "use 'file'");
    rejects(
        endpoint(
            "{ issuer: i, audience: a, keys: [ { secretFile: short.key, algorithm: HS256 } ] }"),
        5,
        59,
        "at least 32 bytes",
        "has 9");
    rejects(
        endpoint(
            "{ issuer: i, audience: a, jwks: { url: \"https://id.example/k\", algorithms: [HS256] } }"),
        5,
        86,
        "shared secret");
  }

  @Test
  void issuerAndAudienceAreRequired() {
    rejects(endpoint("{ audience: a, jwks: \"https://id.example/k\" }"), 5, 11, "issuer");
  }

  @Test
  void jwksMustBeAWebUrl() {
    rejects(
        endpoint("{ issuer: i, audience: a, jwks: \"file:///etc/keys\" }"),
        5,
        43,
        "not an http(s) URL");
  }

  @Test
  void anUnknownProfileIsReportedWithTheKnownOnes() {
    rejects(
        SERVICES
            + """
        auth:
          staff: { issuer: i, audience: a, jwks: "https://id.example/k" }
        endpoints:
          GET /me:
            auth: staf
            calls:
              me: { service: users, path: "/users/1" }
        """,
        7,
        11,
        "unknown auth profile 'staf'",
        "did you mean 'staff'");
  }

  @Test
  void claimsAreOnlyKnownOnAnEndpointWithAuth() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /me:
            calls:
              me: { service: users, path: "/users/${auth.sub}" }
        """,
        6,
        35,
        "exists only on an endpoint with auth:");
  }

  @Test
  void aCachedEndpointReadingClaimsMustVaryOnAuth() throws Exception {
    String yaml =
        SERVICES
            + """
        endpoints:
          GET /me:
            auth: { issuer: i, audience: a, jwks: "https://id.example/k" }
            cache: { ttl: 10s%s }
            calls:
              me: { service: users, path: "/users/${auth.sub}" }
            response: { name: "${me.name}" }
        """;
    rejects(yaml.formatted(""), 6, 12, "read auth", "vary: [auth]");
    assertEquals(
        List.of("auth"),
        compile(yaml.formatted(", vary: [auth]")).endpoints().get(0).cache().vary());
  }

  @Test
  void aCachedCallSendingClaimsInAHeaderMustVaryOnIt() {
    rejects(
        SERVICES
            + """
        endpoints:
          GET /me:
            auth: { issuer: i, audience: a, jwks: "https://id.example/k" }
            calls:
              me:
                service: users
                path: /users/me
                headers: { X-User: "${auth.sub}" }
                cache: { ttl: 10s }
            response: { name: "${me.name}" }
        """,
        11,
        16,
        "X-User",
        "vary");
  }
}
