package dev.mosaic.gateway.auth;

import dev.mosaic.gateway.json.JsonCodec;
import dev.mosaic.rules.plan.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.NoSuchKeyIdException;
import java.io.IOException;
import java.security.SignatureException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;

/**
 * Decides whether one bearer token opens one endpoint: its algorithm must be one the endpoint
 * trusts (so {@code alg: none} and a public key used as an HMAC secret never get as far as a key),
 * vertx-auth-jwt checks the signature, {@code iss}, {@code aud}, {@code exp}, {@code nbf} and
 * {@code iat}, the token must expire at all, and its claims must meet {@code require}.
 */
public final class TokenVerifier {

  private final AuthSettings settings;
  private final KeySource keys;
  private final java.util.Set<String> algorithms;

  TokenVerifier(AuthSettings settings, KeySource keys) {
    this.settings = settings;
    this.keys = keys;
    this.algorithms = java.util.Set.copyOf(settings.algorithms());
  }

  /**
   * @param headers the request's headers, where the token is
   * @return the token's claims; fails with {@link AuthFailure}
   */
  public Future<Map<String, Object>> verify(io.vertx.core.MultiMap headers) {
    String token;
    TokenHeader header;
    try {
      token = BearerCredentials.from(headers);
      header = TokenHeader.of(token);
    } catch (AuthFailure e) {
      return Future.failedFuture(e);
    }
    if (!algorithms.contains(header.alg())) {
      return Future.failedFuture(AuthFailure.invalid("the token's algorithm is not accepted here"));
    }
    KeySet now = keys.current();
    if (now != null && now.mayVerify(header.kid())) {
      return check(now, token);
    }
    // an unknown key id may be a key the issuer rotated in since the last fetch
    return keys.refresh()
        .compose(
            fresh ->
                fresh == null
                    ? Future.failedFuture(AuthFailure.keysUnavailable(keys.millisUntilRefresh()))
                    : check(fresh, token));
  }

  private Future<Map<String, Object>> check(KeySet keySet, String token) {
    return keySet
        .authenticate(token)
        .recover(e -> Future.failedFuture(describe(e, token)))
        .compose(
            user -> {
              Map<String, Object> claims = claims(token);
              if (claims == null) {
                return Future.failedFuture(AuthFailure.invalid("the token payload is malformed"));
              }
              if (!(claims.get("exp") instanceof Number)) {
                return Future.failedFuture(
                    AuthFailure.invalid("the token does not expire (no exp claim)"));
              }
              String unmet = ClaimRequirements.unmet(settings.require(), claims);
              if (unmet != null) {
                return Future.failedFuture(
                    AuthFailure.forbidden(
                        "the token's " + safe(unmet) + " claim does not allow this endpoint"));
              }
              return Future.succeededFuture(claims);
            });
  }

  /**
   * Turns the library's refusal into one of a few fixed descriptions. Its messages are not passed
   * on (they may quote the token and change between versions); when it says the token is out of its
   * time window, the payload tells which way.
   */
  private AuthFailure describe(Throwable failure, String token) {
    if (failure instanceof NoSuchKeyIdException) {
      return AuthFailure.invalid("no key here verifies the token");
    }
    if (failure instanceof SignatureException) {
      return AuthFailure.invalid("the token signature does not verify");
    }
    String message = String.valueOf(failure.getMessage());
    if (message.contains("issuer")) {
      return AuthFailure.invalid("the token's issuer is not accepted here");
    }
    if (message.contains("audien")) {
      return AuthFailure.invalid("the token's audience is not accepted here");
    }
    if (message.contains("expired")) {
      Map<String, Object> claims = claims(token);
      long now = System.currentTimeMillis() / 1000;
      long leeway = settings.leeway().toSeconds();
      if (claims != null
          && claims.get("exp") instanceof Number exp
          && exp.longValue() + leeway < now) {
        return AuthFailure.invalid("the token has expired");
      }
      return AuthFailure.invalid("the token is not valid yet");
    }
    return AuthFailure.invalid("the token is malformed");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> claims(String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    try {
      Object parsed =
          JsonCodec.parse(
              Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(first + 1, second))));
      return parsed instanceof Map<?, ?> map
          ? Collections.unmodifiableMap((Map<String, Object>) map)
          : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A claim name from the config, kept to characters that cannot break out of a quoted header
   * value.
   */
  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.:/-]", "?");
  }
}
