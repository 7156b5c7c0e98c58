package dev.mosaic.gateway.edge;

import dev.mosaic.gateway.execution.Problem;
import dev.mosaic.rules.plan.AddressBlock;
import dev.mosaic.rules.plan.EdgeSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One event loop's client connections, watched so that a slow or idle client holds a socket only as
 * long as the limits allow (slowloris): a new connection must deliver a complete request head
 * within {@code headerTimeout}, a body within {@code bodyTimeout} of its head (else 408), and after
 * an answer the next head within {@code keepAliveTimeout}. Also caps the connections the process
 * holds, and refuses heads that break the framing rules ({@link FramingCheck}).
 *
 * <p>Why a sweep instead of a timer per connection or per request: Vert.x only tells us when a head
 * is complete, not when its first byte came, so a deadline must be checked against a state (no
 * request yet, body unfinished, answer sent); a sweep every {@link #SWEEP_MILLIS} reads those
 * states, and a request only writes three fields, with no allocation and no timer on the hot path.
 * The price is that a limit is enforced up to one sweep late.
 *
 * <p>Not thread-safe by design: one per event loop, used only from that loop (except the
 * process-wide connection count).
 */
public final class ConnectionGuard implements AutoCloseable {

  static final long SWEEP_MILLIS = 250;

  /**
   * Connections one sweep closes at most; the rest wait for the next. Slowloris sockets arrive
   * together and so expire together: closing a thousand at once (and the attacker's thousand
   * reconnects) stalled this loop for tens of ms of legitimate requests (benchmarks/slowloris.sh);
   * spread out, the same work costs no single request much.
   */
  static final int MAX_CLOSES_PER_SWEEP = 64;

  /** What the guard knows of one connection. */
  private static final class Watched {
    final long openedAt;

    /**
     * The socket's peer, and the client as it stands when no proxy is trusted: read once per
     * connection
     */
    final ClientAddress direct;

    /** HTTP/2: streams multiplex, so no one request says the connection is idle; not swept */
    boolean multiplexed;

    HttpServerRequest current;
    long startedAt;
    long answeredSeenAt;

    Watched(long openedAt, ClientAddress direct) {
      this.openedAt = openedAt;
      this.direct = direct;
    }
  }

  private final Map<HttpConnection, Watched> connections = new HashMap<>();

  /** The connection of the request being handed on now: the observer asks for its client next */
  private Watched handing;

  private final OpenConnections open;
  private final EdgeMeters meters;
  private final Vertx vertx;
  private final long sweep;
  private volatile EdgeSettings settings;
  private HttpServerOptions options;

  public ConnectionGuard(
      Vertx vertx, EdgeSettings settings, OpenConnections open, EdgeMeters meters) {
    this.vertx = vertx;
    this.settings = settings;
    this.open = open;
    this.meters = meters;
    this.sweep = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep(System.nanoTime()));
  }

  /** The options of the listener this guard watches: heads are decoded with its limits. */
  public HttpServerOptions listenerOptions(String host, int port) {
    EdgeSettings edge = settings;
    options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setTcpNoDelay(true)
            .setMaxHeaderSize(edge.maxHeaderSize())
            .setMaxInitialLineLength(edge.maxUrlLength())
            .setIdleTimeout((int) edge.idleTimeout().toSeconds())
            // HTTP/2 is offered through ALPN under TLS only (server.http2): with cleartext h2c on,
            // Vert.x decodes a connection's first request before announcing the connection
            // (StrictFraming)
            .setHttp2ClearTextEnabled(false);
    options
        .getInitialSettings()
        .setMaxConcurrentStreams(edge.maxConcurrentStreams())
        .setMaxHeaderListSize(edge.maxHeaderSize());
    return options;
  }

  /**
   * The limits a reload may change (timeouts, the connection cap): they apply from the next sweep
   * and connection. Those fixed on the socket ({@link EdgeSettings#sameListener}) need a restart.
   */
  public void update(EdgeSettings next) {
    settings = next;
  }

  /** A connection was accepted. */
  public void opened(HttpConnection connection) {
    if (!open.tryOpen(settings.maxConnections())) {
      meters.refused("connections");
      connection.close();
      return;
    }
    StrictFraming.apply(connection, options);
    connections.put(
        connection,
        new Watched(System.nanoTime(), ClientAddress.direct(connection.remoteAddress())));
    connection.closeHandler(
        v -> {
          connections.remove(connection);
          open.closed();
        });
  }

  /**
   * A request head arrived: refuses it (and closes its connection) when its framing is unsafe, else
   * hands it to {@code next}.
   */
  public void received(HttpServerRequest request, Consumer<HttpServerRequest> next) {
    FramingCheck.Refusal refusal = FramingCheck.check(request);
    if (refusal != null) {
      meters.refused(refusal.type());
      refuseAndClose(request, refusal.status(), refusal.type(), refusal.detail());
      return;
    }
    Watched watched = connections.get(request.connection());
    if (watched == null) {
      // a connection over the limit, closed as it opened: a request it managed to send is dropped
      request.connection().close();
      return;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      // its first stream proves the client spoke; from there the socket's idle limit and the
      // stream limit apply
      watched.multiplexed = true;
    } else {
      watched.current = request;
      watched.startedAt = System.nanoTime();
      watched.answeredSeenAt = 0;
    }
    handing = watched;
    try {
      next.accept(request);
    } finally {
      handing = null;
    }
  }

  /**
   * Who sent {@code request}: the peer, read once per connection, or what the trusted proxies'
   * {@code X-Forwarded-For} says. Asked while the request is handed on, it costs no lookup.
   */
  public ClientAddress client(HttpServerRequest request, List<AddressBlock> trustedProxies) {
    Watched watched = handing != null ? handing : connections.get(request.connection());
    ClientAddress direct =
        watched != null
            ? watched.direct
            : ClientAddress.direct(request.connection().remoteAddress());
    if (trustedProxies.isEmpty()) {
      return direct;
    }
    return ClientAddress.resolve(
        direct.ip(), request.headers().getAll("x-forwarded-for"), trustedProxies);
  }

  void sweep(long now) {
    EdgeSettings edge = settings;
    int closes = 0;
    for (Iterator<Map.Entry<HttpConnection, Watched>> it = connections.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<HttpConnection, Watched> entry = it.next();
      Watched w = entry.getValue();
      if (w.multiplexed) {
        continue;
      }
      HttpServerRequest current = w.current;
      if (current == null) {
        if (now - w.openedAt > edge.headerTimeout().toNanos() && closes++ < MAX_CLOSES_PER_SWEEP) {
          it.remove(); // closeHandler runs later; removing here keeps the sweep from closing twice
          meters.refused("header-timeout");
          StrictFraming.closeNow(entry.getKey());
        }
      } else if (!current.isEnded()) {
        if (now - w.startedAt > edge.bodyTimeout().toNanos() && closes++ < MAX_CLOSES_PER_SWEEP) {
          it.remove();
          meters.refused("body-timeout");
          refuseAndClose(
              current,
              408,
              "body-timeout",
              "the request body did not arrive within " + edge.bodyTimeout().toMillis() + "ms");
        }
      } else if (current.response().ended()) {
        if (w.answeredSeenAt == 0) {
          w.answeredSeenAt = now;
        } else if (now - w.answeredSeenAt > edge.keepAliveTimeout().toNanos()
            && closes++ < MAX_CLOSES_PER_SWEEP) {
          it.remove();
          StrictFraming.closeNow(entry.getKey());
        }
      }
    }
  }

  /** A request head the decoder could not read: refused as a problem, and the connection closed. */
  public void unreadable(HttpServerRequest request) {
    UnreadableHead.refuse(request, meters);
  }

  /** Answers with a problem and closes the connection right behind it. */
  private static void refuseAndClose(
      HttpServerRequest request, int status, String type, String detail) {
    HttpServerResponse response = request.response();
    if (response.headWritten() || response.closed()) {
      request.connection().close();
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("content-type", Problem.CONTENT_TYPE)
        .putHeader("connection", "close")
        .end(Problem.of(status, type, detail, request.path()).toBuffer());
    StrictFraming.closeNow(request.connection());
  }

  @Override
  public void close() {
    vertx.cancelTimer(sweep);
  }
}
