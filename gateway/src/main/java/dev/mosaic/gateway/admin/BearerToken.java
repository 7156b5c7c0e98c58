package dev.mosaic.gateway.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin API's bearer token, read from a file (never from the config itself or an environment
 * variable, which end up in logs and process listings) and compared in constant time.
 */
final class BearerToken {

  private final byte[] token;

  private BearerToken(byte[] token) {
    this.token = token;
  }

  /** Reads {@code file}; fails when it cannot be read or holds no token. */
  static Future<BearerToken> read(Vertx vertx, String file) {
    return vertx
        .fileSystem()
        .readFile(file)
        .recover(
            cause ->
                Future.failedFuture(
                    new IllegalStateException(
                        "server.adminTokenFile: cannot read " + file + ": " + cause.getMessage())))
        .compose(
            buffer -> {
              String text = buffer.toString(StandardCharsets.UTF_8).strip();
              if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "server.adminTokenFile: "
                            + file
                            + " must hold one token of printable characters without spaces"));
              }
              return Future.succeededFuture(
                  new BearerToken(text.getBytes(StandardCharsets.US_ASCII)));
            });
  }

  /** Whether an Authorization header value carries this token. */
  boolean admits(String authorization) {
    if (authorization == null
        || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(token, offered);
  }
}
