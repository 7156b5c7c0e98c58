package dev.mosaic.gateway.auth;

import dev.mosaic.rules.plan.AuthSettings;
import dev.mosaic.rules.plan.JwksSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's published keys (JWKS), fetched from the one configured URL when created, again every
 * {@code refresh}, and on demand when a token names an unknown key, but never more than once per
 * {@code minInterval}: an attacker inventing key ids cannot make the gateway hammer the issuer. A
 * failed fetch keeps the keys it had; with none yet, it is retried every {@code minInterval}, so an
 * issuer that was down when the gateway started is used as soon as it is back. Lives on one event
 * loop: all state is touched only there.
 */
final class JwksSource implements KeySource {

  private static final Logger LOG = LoggerFactory.getLogger(JwksSource.class);

  /** A key set is a few kilobytes; a larger answer is not one. */
  static final int MAX_BYTES = 512 * 1024;

  private final Vertx vertx;
  private final JwksSettings jwks;
  private final AuthSettings settings;
  private final HttpClient client;
  private final long timer;
  private KeySet current;
  private Future<KeySet> inFlight;
  private long lastAttemptNanos;
  private long retryTimer = -1;
  private boolean closed;

  JwksSource(Vertx vertx, AuthSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.jwks = settings.jwks();
    boolean tls = "https".equals(jwks.url().getScheme());
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setSsl(tls)
                .setVerifyHost(true)
                .setConnectTimeout((int) jwks.timeout().toMillis())
                .setKeepAlive(false),
            new PoolOptions().setHttp1MaxSize(1));
    this.lastAttemptNanos = System.nanoTime() - jwks.minInterval().toNanos();
    fetch();
    this.timer = vertx.setPeriodic(jwks.refresh().toMillis(), id -> fetch());
  }

  @Override
  public KeySet current() {
    return current;
  }

  @Override
  public Future<KeySet> refresh() {
    if (inFlight != null) {
      return inFlight;
    }
    if (millisUntilRefresh() > 0) {
      return Future.succeededFuture(current);
    }
    return fetch();
  }

  @Override
  public long millisUntilRefresh() {
    long next = lastAttemptNanos + jwks.minInterval().toNanos();
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime()));
  }

  private Future<KeySet> fetch() {
    if (closed) {
      return Future.succeededFuture(current);
    }
    if (inFlight != null) {
      return inFlight;
    }
    lastAttemptNanos = System.nanoTime();
    Future<KeySet> fetching =
        download()
            .map(
                body ->
                    KeySet.of(vertx, Jwk.usable(new JsonObject(body), jwks.algorithms()), settings))
            .timeout(jwks.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .map(
                keys -> {
                  if (keys == null) {
                    LOG.warn(
                        "auth: {} has no signing key for {}: keeping the keys from before",
                        jwks.url(),
                        jwks.algorithms());
                  } else {
                    current = keys;
                  }
                  return current;
                })
            .recover(
                e -> {
                  LOG.warn(
                      "auth: fetching {} failed ({}): keeping the keys from before",
                      jwks.url(),
                      e.toString());
                  return Future.succeededFuture(current);
                })
            .onComplete(
                done -> {
                  inFlight = null;
                  if (current == null && !closed && retryTimer < 0) {
                    retryTimer =
                        vertx.setTimer(
                            jwks.minInterval().toMillis(),
                            id -> {
                              retryTimer = -1;
                              fetch();
                            });
                  }
                });
    inFlight = fetching.isComplete() ? null : fetching;
    return fetching;
  }

  /** GET of the configured URL only: no redirects are followed, and the body is bounded. */
  private Future<Buffer> download() {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(jwks.url().toString())
            .setFollowRedirects(false)
            .setTimeout(jwks.timeout().toMillis())
            .putHeader("accept", "application/json");
    return client.request(request).compose(req -> req.send()).compose(this::bounded);
  }

  private Future<Buffer> bounded(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      response.request().reset();
      return Future.failedFuture("status " + response.statusCode());
    }
    Promise<Buffer> body = Promise.promise();
    Buffer received = Buffer.buffer();
    response.handler(
        chunk -> {
          if (received.length() + chunk.length() > MAX_BYTES) {
            response.request().reset();
            body.tryFail("larger than " + MAX_BYTES + " bytes");
          } else {
            received.appendBuffer(chunk);
          }
        });
    response.exceptionHandler(body::tryFail);
    response.endHandler(v -> body.tryComplete(received));
    return body.future();
  }

  @Override
  public void close() {
    closed = true;
    vertx.cancelTimer(timer);
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    client.close();
  }
}
