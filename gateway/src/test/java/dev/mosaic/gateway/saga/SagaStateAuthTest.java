package dev.mosaic.gateway.saga;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.auth.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saga of an endpoint with {@code auth:} is read at {@code GET /sagas/{id}} only by its caller:
 * another user's valid token finds nothing there, and no token gets the 401 the endpoint gives.
 */
class SagaStateAuthTest {

  private static final String ISSUER = "https://id.test";
  private static final String AUDIENCE = "mosaic";

  @TempDir Path dir;
  private KeyPair signer;
  private ShopService shop;
  private GatewayHarness gw;

  @BeforeEach
  void start() throws Exception {
    signer = Tokens.rsa();
    Path publicKey = dir.resolve("signer.pem");
    Files.writeString(publicKey, Tokens.pem("PUBLIC KEY", signer.getPublic().getEncoded()));
    shop = new ShopService();
    gw =
        GatewayHarness.start(
            """
            services:
              shop: { urls: ["http://127.0.0.1:%d"] }
            endpoints:
              POST /checkout:
                auth: { issuer: "%s", audience: %s, keys: [ { file: "%s", algorithm: RS256 } ] }
                calls:
                  order:
                    service: shop
                    method: POST
                    path: /orders
                    compensate: { method: DELETE, path: "/orders/${order.id}" }
                response: { order: "${order.id}" }
            """
                .formatted(shop.port(), ISSUER, AUDIENCE, publicKey));
  }

  @AfterEach
  void stop() throws Exception {
    gw.close();
    shop.close();
  }

  private String token(String user) throws Exception {
    return Tokens.rs256(signer.getPrivate(), null, Tokens.claims(ISSUER, AUDIENCE, user));
  }

  private HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gw.uri(path)).GET();
    if (user != null) {
      request.header("Authorization", "Bearer " + token(user));
    }
    return gw.send(request);
  }

  @Test
  void onlyTheSagasCallerReadsIt() throws Exception {
    HttpResponse<String> started =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/checkout"))
                .header("Authorization", "Bearer " + token("alice"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertEquals(200, started.statusCode(), started.body());
    String location = "/sagas/" + started.headers().firstValue("mosaic-saga").orElseThrow();

    assertEquals(200, get(location, "alice").statusCode());
    assertEquals(404, get(location, "bob").statusCode(), "another user's saga does not exist");
    HttpResponse<String> anonymous = get(location, null);
    assertEquals(401, anonymous.statusCode(), anonymous.body());
  }
}
