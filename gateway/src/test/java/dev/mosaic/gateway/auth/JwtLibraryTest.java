package dev.mosaic.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.plan.AuthKey;
import dev.mosaic.rules.plan.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What vertx-auth-jwt itself does with the classic forgeries, below the gateway's own algorithm
 * check: the gateway refuses these before the library sees them, and these tests show the library
 * would too — and the one case where it would not (no keys at all), which {@link KeySet} prevents.
 */
class JwtLibraryTest {

  private static final String ISSUER = "https://id.test";
  private static Vertx vertx;
  private static KeyPair rsa;
  private static KeySet keys;

  @BeforeAll
  static void setUp() throws Exception {
    vertx = Vertx.vertx();
    rsa = Tokens.rsa();
    AuthSettings settings =
        new AuthSettings(
            ISSUER,
            List.of("mosaic"),
            Duration.ZERO,
            List.of(new AuthKey.Public("RS256", rsa.getPublic(), "rsa.pem")),
            null,
            Map.of(),
            null,
            null);
    keys = KeySet.of(vertx, List.of(Jwk.of(settings.keys().get(0))), settings);
  }

  @AfterAll
  static void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(Future<User> outcome) throws Exception {
    try {
      outcome.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("the token was accepted");
  }

  @Test
  void aCorrectlySignedTokenIsAccepted() throws Exception {
    String token = Tokens.rs256(rsa.getPrivate(), null, Tokens.claims(ISSUER, "mosaic", "1"));
    User user =
        keys.authenticate(token)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals("1", user.principal().getString("sub"));
  }

  @Test
  void theLibraryRejectsAlgNone() throws Exception {
    Throwable refused =
        failure(keys.authenticate(Tokens.unsigned(Tokens.claims(ISSUER, "mosaic", "1"))));
    assertTrue(
        String.valueOf(refused.getMessage()).contains("not signed")
            || String.valueOf(refused.getMessage()).contains("none"),
        refused.toString());
  }

  @Test
  void theLibraryRejectsHs256SignedWithThePublicKey() throws Exception {
    byte[] publicPem =
        Tokens.pem("PUBLIC KEY", rsa.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII);
    byte[] publicDer = rsa.getPublic().getEncoded();
    for (byte[] secret : List.of(publicPem, publicDer)) {
      Throwable refused =
          failure(keys.authenticate(Tokens.hs256(secret, Tokens.claims(ISSUER, "mosaic", "1"))));
      // no HS256 key exists, so the public key is never used as an HMAC secret
      assertInstanceOf(NoSuchKeyIdException.class, refused);
    }
  }

  @Test
  void withoutAnyKeyTheLibraryAcceptsUnsignedTokensSoNoKeySetIsBuiltWithoutOne() throws Exception {
    JWTAuth empty = JWTAuth.create(vertx, new JWTAuthOptions());
    User forged =
        empty
            .authenticate(
                new TokenCredentials(Tokens.unsigned(Tokens.claims(ISSUER, "mosaic", "root"))))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(
        "root",
        forged.principal().getString("sub"),
        "the library's unsecured mode, documented here");
    AuthSettings settings =
        new AuthSettings(
            ISSUER, List.of("mosaic"), Duration.ZERO, List.of(), null, Map.of(), null, null);
    assertNull(KeySet.of(vertx, List.of(), settings));
    assertNull(
        KeySet.of(
            vertx,
            Jwk.usable(
                new io.vertx.core.json.JsonObject()
                    .put(
                        "keys",
                        new io.vertx.core.json.JsonArray()
                            .add(
                                new io.vertx.core.json.JsonObject()
                                    .put("kty", "oct")
                                    .put("k", "c2VjcmV0"))),
                List.of("RS256", "HS256")),
            settings),
        "a shared secret in a published key set is never trusted");
  }
}
