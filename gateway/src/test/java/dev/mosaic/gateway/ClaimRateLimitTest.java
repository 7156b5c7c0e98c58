package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.auth.Tokens;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A limit keyed by a JWT claim: each verified subject has its own bucket, even from one address,
 * and every token of the same subject shares it; a request without a valid token is refused by
 * authentication before it can spend anyone's budget.
 */
class ClaimRateLimitTest {

  private static KeyPair keys;
  private static GatewayHarness gw;

  @BeforeAll
  static void start() throws Exception {
    keys = Tokens.rsa();
    Path dir = Files.createTempDirectory("mosaic-claim-limit");
    Path publicKey = dir.resolve("signer.pem");
    Files.writeString(publicKey, Tokens.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
    gw =
        GatewayHarness.start(
            """
        services:
          catalog: { urls: ["{catalog}"] }
        endpoints:
          GET /mine:
            auth: { issuer: https://issuer.test, audience: mosaic, keys: [{ file: "%s", algorithm: RS256 }] }
            rateLimit: { rate: 1/m, burst: 2, by: claim:sub }
            calls: { product: { service: catalog, path: "/products/1" } }
            response: { name: "${product.name}" }
        """
                .formatted(publicKey.toAbsolutePath()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
  }

  private static String token(String subject, long issuedAt) throws Exception {
    JsonObject claims =
        Tokens.claims("https://issuer.test", "mosaic", subject).put("iat", issuedAt);
    return Tokens.rs256(keys.getPrivate(), null, claims);
  }

  private static int status(String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gw.uri("/mine")).GET();
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    HttpResponse<String> response = gw.send(request);
    return response.statusCode();
  }

  @Test
  void eachSubjectHasItsOwnBucketSharedByAllItsTokens() throws Exception {
    long now = System.currentTimeMillis() / 1000;
    String alice = token("alice", now);
    String aliceAgain = token("alice", now - 5); // another token, same subject
    String bob = token("bob", now);
    assertEquals(200, status(alice));
    assertEquals(200, status(aliceAgain), "the second of alice's burst of 2, from another token");
    assertEquals(429, status(alice), "alice's bucket is empty whichever token she uses");
    assertEquals(200, status(bob), "bob, from the same address, has his own bucket");
    assertEquals(200, status(bob));
    assertEquals(429, status(bob));
    assertEquals(401, status(null), "no token: refused by authentication, no bucket spent");
    assertEquals(
        4,
        gw.stub("catalog").behaviour().requests(),
        "only the allowed requests reached the service");
  }
}
