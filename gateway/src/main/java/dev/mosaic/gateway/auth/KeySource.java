package dev.mosaic.gateway.auth;

import io.vertx.core.Future;

/**
 * Where an endpoint's verification keys come from: files read at compile time, or the issuer's
 * JWKS.
 */
interface KeySource {

  /**
   * @return the keys now, or null when none could be had yet
   */
  KeySet current();

  /**
   * Asked when a token names a key this source does not have: a chance to fetch the issuer's keys
   * again (at most once per its interval, however many tokens ask).
   *
   * @return the keys after that, or null when there are still none
   */
  Future<KeySet> refresh();

  /** How long until {@link #refresh} may fetch again, for a Retry-After. */
  long millisUntilRefresh();

  void close();

  /** Keys that never change: {@code refresh} has nothing to fetch. */
  static KeySource fixed(KeySet keys) {
    return new KeySource() {
      @Override
      public KeySet current() {
        return keys;
      }

      @Override
      public Future<KeySet> refresh() {
        return Future.succeededFuture(keys);
      }

      @Override
      public long millisUntilRefresh() {
        return 0;
      }

      @Override
      public void close() {}
    };
  }
}
