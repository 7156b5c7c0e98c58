package dev.mosaic.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A redis-server of the test's own on a free port (never the machine's shared one), or the one
 * REDIS_URL names. Tests call {@link #startOrSkip()} and are skipped with a message when neither
 * exists. Also a minimal RESP client for what the gateway must survive (foreign values, a stalled
 * server).
 */
public final class RedisServer implements AutoCloseable {

  private Process process;
  private final String binary;
  private final String host;
  private final int port;

  private RedisServer(Process process, String binary, String host, int port) {
    this.process = process;
    this.binary = binary;
    this.host = host;
    this.port = port;
  }

  public static RedisServer startOrSkip() throws Exception {
    String binary = findBinary();
    if (binary == null) {
      String url = System.getenv("REDIS_URL");
      org.junit.jupiter.api.Assumptions.assumeTrue(
          url != null,
          "no redis-server binary on PATH and no REDIS_URL: skipping the Redis tier tests");
      java.net.URI uri = java.net.URI.create(url);
      return new RedisServer(null, null, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    RedisServer server = new RedisServer(null, binary, "127.0.0.1", port);
    server.launch();
    return server;
  }

  private void launch() throws Exception {
    // --enable-debug-command: DEBUG SLEEP stalls it on purpose
    process =
        new ProcessBuilder(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "local")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "redis-server answers PING",
        () -> {
          try {
            return command("PING").equals("+PONG");
          } catch (IOException e) {
            return false;
          }
        });
  }

  /** A new, empty server on the same port after {@link #kill()}: Redis came back. */
  public void restart() throws Exception {
    launch();
  }

  private static String findBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  public String url() {
    return "redis://" + host + ":" + port;
  }

  /** Sends one command and returns the first line of the reply, e.g. "+OK". */
  public String command(String... args) throws IOException {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.UTF_8);
    }
  }

  /** Kills the server (SIGKILL): the gateway must carry on without it. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor();
    }
  }

  boolean owned() {
    return process != null;
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
