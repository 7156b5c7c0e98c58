package dev.mosaic.gateway;

import static dev.mosaic.gateway.GatewayHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.auth.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Endpoints with {@code auth:}: what a client sees for every kind of bad token (status,
 * problem+json, WWW-Authenticate), that a refused request reaches no service, that claims reach the
 * service only where a template puts them, and keys from files and from a JWKS that rotates.
 */
class JwtAuthTest {

  private static final String ISSUER = "https://id.test";
  private static final String AUDIENCE = "mosaic";

  @TempDir static Path dir;

  private static KeyPair signer;
  private static KeyPair stranger;
  private static KeyPair first;
  private static KeyPair second;
  private static Vertx issuerVertx;
  private static HttpServer issuer;
  private static final AtomicReference<JsonObject> published = new AtomicReference<>();
  private static final AtomicInteger jwksFetches = new AtomicInteger();
  private static GatewayHarness gw;

  @BeforeAll
  static void start() throws Exception {
    signer = Tokens.rsa();
    stranger = Tokens.rsa();
    first = Tokens.rsa();
    second = Tokens.rsa();
    Path publicKey = dir.resolve("signer.pem");
    Files.writeString(publicKey, Tokens.pem("PUBLIC KEY", signer.getPublic().getEncoded()));
    published.set(jwks(jwk("k1", first)));
    issuerVertx = Vertx.vertx();
    issuer =
        issuerVertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  jwksFetches.incrementAndGet();
                  request
                      .response()
                      .putHeader("content-type", "application/json")
                      .end(published.get().encode());
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    String files =
        "{ issuer: \""
            + ISSUER
            + "\", audience: "
            + AUDIENCE
            + ", keys: [ { file: \""
            + publicKey
            + "\", algorithm: RS256 } ] }";
    gw =
        GatewayHarness.start(
            """
        services:
          users: { urls: ["{users}"] }
        auth:
          files: %s
        endpoints:
          GET /me:
            auth: files
            calls:
              me: { service: users, path: "/users/${auth.sub}", headers: { X-Tenant: "${auth.tenant}" } }
            response: { id: "${me.id}", tenant: "${auth.tenant}" }
          GET /acme:
            auth:
              issuer: "%s"
              audience: [other, %s]
              keys: [ { file: "%s", algorithm: RS256 } ]
              require: { tenant: acme, scope: orders:read }
            calls:
              me: { service: users, path: "/users/${auth.sub}" }
            response: { id: "${me.id}" }
          GET /forwarded:
            auth: files
            headers: [Authorization]
            calls:
              me: { service: users, path: /users/1, headers: { Authorization: "${headers.authorization}" } }
          GET /cached:
            auth: files
            cache: { ttl: 1m, vary: [auth] }
            calls:
              me: { service: users, path: "/users/${auth.sub}" }
            response: { id: "${me.id}" }
          GET /rotating:
            auth:
              issuer: "%s"
              audience: %s
              jwks: { url: "http://127.0.0.1:%d/jwks.json", refresh: 1h, minInterval: 500ms, timeout: 5s }
            calls:
              me: { service: users, path: "/users/${auth.sub}" }
            response: { id: "${me.id}" }
        """
                .formatted(
                    files, ISSUER, AUDIENCE, publicKey, ISSUER, AUDIENCE, issuer.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (gw != null) {
        gw.close();
      }
    } finally {
      issuerVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void restore() throws Exception {
    gw.restoreStubs();
  }

  private static JsonObject claims(String subject) {
    return Tokens.claims(ISSUER, AUDIENCE, subject).put("tenant", "acme");
  }

  private static String valid(String subject) throws Exception {
    return Tokens.rs256(signer.getPrivate(), null, claims(subject));
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gw.uri(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return gw.send(request);
  }

  private static HttpResponse<String> bearer(String path, String token) throws Exception {
    return get(path, "authorization", "Bearer " + token);
  }

  /** A refusal: its status, a problem body, the challenge, and not one request to a service. */
  private static void assertRefused(HttpResponse<String> response, int status, String challenge) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(
        "application/problem+json", response.headers().firstValue("content-type").orElseThrow());
    assertEquals(status, json(response).getInteger("status"));
    assertEquals(
        challenge, response.headers().firstValue("www-authenticate").orElse(null), response.body());
    assertEquals(0, gw.requestsToAllServices(), "a refused request reaches no service");
  }

  private static String invalidToken(String description) {
    return "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
  }

  @Test
  void aValidTokenOpensTheEndpointAndItsClaimsReachTheServiceOnlyWhereTemplatesPutThem()
      throws Exception {
    HttpResponse<String> response = bearer("/me", valid("2"));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(new JsonObject().put("id", 2).put("tenant", "acme"), json(response));
    assertEquals(List.of("GET /users/2"), gw.stub("users").behaviour().recentLines());
    JsonObject seen = gw.stub("users").behaviour().recentHeaders().get(0);
    assertEquals("acme", seen.getString("x-tenant"));
    assertFalse(
        seen.containsKey("authorization"),
        "the token is not forwarded unless a template says so: " + seen);
  }

  @Test
  void theTokenReachesAServiceOnlyThroughAnExplicitHeaderTemplate() throws Exception {
    String token = valid("1");
    assertEquals(200, bearer("/forwarded", token).statusCode());
    assertEquals(
        "Bearer " + token,
        gw.stub("users").behaviour().recentHeaders().get(0).getString("authorization"));
  }

  @Test
  void anExpiredTokenIs401() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String token =
        Tokens.rs256(
            signer.getPrivate(), null, claims("1").put("iat", now - 600).put("exp", now - 60));
    HttpResponse<String> response = bearer("/me", token);
    assertRefused(response, 401, invalidToken("the token has expired"));
    assertEquals("urn:mosaic:problem:invalid-token", json(response).getString("type"));
  }

  @Test
  void aTokenNotYetValidIs401() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String token = Tokens.rs256(signer.getPrivate(), null, claims("1").put("nbf", now + 300));
    assertRefused(bearer("/me", token), 401, invalidToken("the token is not valid yet"));
  }

  @Test
  void aTokenWithoutExpiryIs401() throws Exception {
    JsonObject forever = claims("1");
    forever.remove("exp");
    assertRefused(
        bearer("/me", Tokens.rs256(signer.getPrivate(), null, forever)),
        401,
        invalidToken("the token does not expire (no exp claim)"));
  }

  @Test
  void anotherIssuerIs401() throws Exception {
    String token =
        Tokens.rs256(signer.getPrivate(), null, claims("1").put("iss", "https://evil.test"));
    assertRefused(
        bearer("/me", token), 401, invalidToken("the token's issuer is not accepted here"));
  }

  @Test
  void anotherAudienceIs401() throws Exception {
    String token =
        Tokens.rs256(
            signer.getPrivate(), null, claims("1").put("aud", new JsonArray().add("billing")));
    assertRefused(
        bearer("/me", token), 401, invalidToken("the token's audience is not accepted here"));
  }

  @Test
  void aSignatureByAnotherKeyIs401() throws Exception {
    String token = Tokens.rs256(stranger.getPrivate(), null, claims("1"));
    assertRefused(bearer("/me", token), 401, invalidToken("the token signature does not verify"));
    String tampered = valid("1");
    String[] parts = tampered.split("\\.");
    String otherPayload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(claims("2").encode().getBytes(StandardCharsets.UTF_8));
    assertRefused(
        bearer("/me", parts[0] + "." + otherPayload + "." + parts[2]),
        401,
        invalidToken("the token signature does not verify"));
  }

  @Test
  void anUnsignedTokenIs401() throws Exception {
    assertRefused(
        bearer("/me", Tokens.unsigned(claims("1"))),
        401,
        invalidToken("the token's algorithm is not accepted here"));
  }

  @Test
  void hs256SignedWithThePublicKeyIs401() throws Exception {
    byte[] publicPem = Files.readAllBytes(dir.resolve("signer.pem"));
    assertRefused(
        bearer("/me", Tokens.hs256(publicPem, claims("1"))),
        401,
        invalidToken("the token's algorithm is not accepted here"));
  }

  @Test
  void noAuthorizationHeaderIs401WithABareChallenge() throws Exception {
    HttpResponse<String> response = get("/me");
    assertRefused(response, 401, "Bearer");
    assertEquals("urn:mosaic:problem:missing-token", json(response).getString("type"));
  }

  @Test
  void anotherSchemeIs401WithABareChallenge() throws Exception {
    assertRefused(get("/me", "authorization", "Basic dXNlcjpwYXNz"), 401, "Bearer");
  }

  @Test
  void malformedAuthorizationHeadersAre400() throws Exception {
    String badRequest =
        "Bearer error=\"invalid_request\", error_description=\"the Authorization header must be"
            + " Bearer and one token\"";
    assertRefused(get("/me", "authorization", "Bearer"), 400, badRequest);
    assertRefused(get("/me", "authorization", "Bearer a b"), 400, badRequest);
    String token = valid("1");
    assertRefused(
        get("/me", "authorization", "Bearer " + token, "authorization", "Bearer " + token),
        400,
        "Bearer error=\"invalid_request\", error_description=\"more than one Authorization header\"");
    assertRefused(
        bearer("/me", "not-a-jwt"),
        401,
        invalidToken("the token is not a signed JWT (header.payload.signature)"));
  }

  @Test
  void aRequiredClaimThatDoesNotMatchIs403() throws Exception {
    JsonObject readOnly = claims("3").put("scope", "profile orders:read");
    assertEquals(
        200, bearer("/acme", Tokens.rs256(signer.getPrivate(), null, readOnly)).statusCode());
    gw.restoreStubs();
    HttpResponse<String> response =
        bearer(
            "/acme",
            Tokens.rs256(signer.getPrivate(), null, readOnly.copy().put("tenant", "globex")));
    assertRefused(
        response,
        403,
        "Bearer error=\"insufficient_scope\", error_description=\"the token's tenant claim"
            + " does not allow this endpoint\"");
    assertEquals("urn:mosaic:problem:insufficient-claims", json(response).getString("type"));
    assertRefused(
        bearer(
            "/acme", Tokens.rs256(signer.getPrivate(), null, claims("3").put("scope", "profile"))),
        403,
        "Bearer error=\"insufficient_scope\", error_description=\"the token's scope claim does not allow this"
            + " endpoint\"");
  }

  @Test
  void aClaimThatWouldBreakAHeaderIs400AndReachesNoService() throws Exception {
    HttpResponse<String> response =
        bearer(
            "/me",
            Tokens.rs256(
                signer.getPrivate(), null, claims("1").put("tenant", "acme\r\nX-Admin: yes")));
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(0, gw.requestsToAllServices());
  }

  @Test
  void aCachedEndpointThatReadsClaimsKeepsEachUsersAnswer() throws Exception {
    assertEquals(1, json(bearer("/cached", valid("1"))).getInteger("id"));
    assertEquals(
        2,
        json(bearer("/cached", valid("2"))).getInteger("id"),
        "user 2 never gets user 1's answer");
    HttpResponse<String> again =
        bearer(
            "/cached",
            Tokens.rs256(signer.getPrivate(), null, claims("1").put("jti", "another-token")));
    assertEquals(1, json(again).getInteger("id"));
    assertEquals(
        "hit",
        again.headers().firstValue("mosaic-cache").orElse(null),
        "a fresh token of the same user is the same identity");
    assertEquals(2, gw.stub("users").behaviour().requests());
    gw.restoreStubs();
    assertRefused(get("/cached"), 401, "Bearer"); // the cache is behind the token check
  }

  @Test
  void keysFromAJwksAreFetchedAndARotatedKeyIsPickedUpByItsKid() throws Exception {
    String before = Tokens.rs256(first.getPrivate(), "k1", claims("1"));
    HttpResponse<String> response = bearer("/rotating", before);
    assertEquals(200, response.statusCode(), response.body());
    published.set(jwks(jwk("k2", second)));
    String after = Tokens.rs256(second.getPrivate(), "k2", claims("2"));
    // each event loop refetches on the unknown kid once its minInterval (500ms) since the last
    // fetch has passed
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the rotated key is used",
        () -> GatewayHarness.holds(() -> bearer("/rotating", after).statusCode() == 200));
    for (int i = 0; i < 4; i++) {
      assertEquals(200, bearer("/rotating", after).statusCode());
    }
  }

  @Test
  void unknownKidsCannotMakeTheGatewayHammerTheIssuer() throws Exception {
    long started = System.nanoTime();
    int fetchesBefore = jwksFetches.get();
    for (int i = 0; i < 30; i++) {
      HttpResponse<String> response =
          bearer("/rotating", Tokens.rs256(stranger.getPrivate(), "unknown-" + i, claims("1")));
      assertEquals(401, response.statusCode(), response.body());
    }
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    int fetches = jwksFetches.get() - fetchesBefore;
    // per event loop (two): one fetch per 500ms, plus one the start-up fetch may still have had in
    // flight
    long allowed = 2 * (2 + elapsedMillis / 500);
    assertTrue(
        fetches <= allowed, fetches + " fetches in " + elapsedMillis + "ms, at most " + allowed);
    assertEquals(0, gw.requestsToAllServices());
  }

  private static JsonObject jwks(JsonObject... keys) {
    return new JsonObject().put("keys", new JsonArray(List.of((Object[]) keys)));
  }

  private static JsonObject jwk(String kid, KeyPair pair) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject()
        .put("kty", "RSA")
        .put("kid", kid)
        .put("use", "sig")
        .put("alg", "RS256")
        .put("n", unsigned(key.getModulus()))
        .put("e", unsigned(key.getPublicExponent()));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
