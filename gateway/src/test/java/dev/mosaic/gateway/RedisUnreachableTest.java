package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cache whose Redis cannot be used costs a request (almost) nothing: after a few failures the
 * gateway stops trying for a rest, instead of paying a connect or a whole read budget per miss. The
 * read budget here is 100 ms, so a request that waited for Redis is easy to tell from one that did
 * not, however loaded the machine.
 */
class RedisUnreachableTest {

  private static final long BUDGET_MILLIS = 100;
  private static final int REQUESTS = 40;

  private static final String CONFIG =
      """
      cache: { redis: "REDIS", redisTimeout: 100ms }
      services:
        catalog: { urls: ["{catalog}"], timeout: 2s }
      endpoints:
        GET /p/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", cache: { ttl: 60s } }
          response: { name: "${product.name}" }
      """;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  @Test
  void aRedisThatAcceptsButNeverAnswersIsLeftAloneAfterAFewMisses() throws Exception {
    SilentRedis silent = new SilentRedis();
    opened.add(silent);
    GatewayHarness gw = GatewayHarness.start(CONFIG.replace("REDIS", silent.url()));
    opened.add(gw);

    int waited = slowMisses(gw, 1_000);
    assertTrue(
        waited <= 8,
        waited
            + " of "
            + REQUESTS
            + " misses waited out the read budget: a silent Redis must cost a few, not each");
    assertTrue(
        silent.accepted() >= 1, "the gateway did try Redis: " + silent.accepted() + " connections");
  }

  @Test
  void aRedisThatRefusesConnectionsCostsNoBudget() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    GatewayHarness gw =
        GatewayHarness.start(CONFIG.replace("REDIS", "redis://127.0.0.1:" + closedPort));
    opened.add(gw);

    int waited = slowMisses(gw, 2_000);
    assertTrue(
        waited <= 1,
        waited
            + " misses waited out the budget: a refused connect is known at once (the first"
            + " request may be slow only because it is the first)");
  }

  /** Sends {@link #REQUESTS} misses in turn, all answered 200; how many took the budget or more. */
  private static int slowMisses(GatewayHarness gw, int firstId) throws Exception {
    int slow = 0;
    for (int i = 0; i < REQUESTS; i++) {
      long started = System.nanoTime();
      HttpResponse<String> response = gw.get("/p/" + (firstId + i));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("miss", response.headers().firstValue("Mosaic-Cache").orElse(""));
      if (millis >= BUDGET_MILLIS) {
        slow++;
      }
    }
    return slow;
  }

  /**
   * A TCP listener that accepts and reads but never writes a byte: a Redis hung, or something else
   * entirely listening on its port.
   */
  private static final class SilentRedis implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SilentRedis() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor = new Thread(this::acceptAll, "silent-redis");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "redis://127.0.0.1:" + server.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    private void acceptAll() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          sockets.add(socket);
          accepted.incrementAndGet();
          Thread reader = new Thread(() -> drain(socket), "silent-redis-reader");
          reader.setDaemon(true);
          reader.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void drain(Socket socket) {
      try (InputStream in = socket.getInputStream()) {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
          // read and forget: never a reply
        }
      } catch (IOException e) {
        // closed by either side: nothing to answer anyway
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
