package dev.mosaic.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gateway in a process of its own ({@code mosaic run CONFIG}, the test's classpath), for what
 * only a separate process can show: killed with SIGKILL at any instant, or frozen with SIGSTOP so
 * that its leases lapse while it still holds its connections. Its output goes to a file the failure
 * messages name.
 */
public final class GatewayProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path output;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private GatewayProcess(Process process, int port, Path output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /**
   * @param yaml a config whose {@code {port}} is replaced with a free port
   */
  public static GatewayProcess start(String yaml, Path dir) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path config = Files.createTempFile(dir, "gateway-", ".yaml");
    Files.writeString(
        config, yaml.replace("{port}", Integer.toString(port)), StandardCharsets.UTF_8);
    Path output = Files.createTempFile(dir, "gateway-", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.mosaic.gateway.cli.MosaicCommand",
                    "run",
                    config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    GatewayProcess gateway = new GatewayProcess(process, port, output);
    try {
      GatewayHarness.eventually(
          Duration.ofSeconds(60), "the gateway process listens", gateway::listening);
    } catch (AssertionError e) {
      gateway.close();
      throw new AssertionError(e.getMessage() + "; its output: " + gateway.output(), e);
    }
    return gateway;
  }

  private boolean listening() {
    if (!process.isAlive()) {
      throw new AssertionError("the gateway process exited: " + output());
    }
    try {
      client.send(
          HttpRequest.newBuilder(uri("/")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public HttpClient client() {
    return client;
  }

  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** SIGKILL: no shutdown hook, no flush, nothing. */
  public void kill9() throws InterruptedException {
    signal("KILL");
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP or SIGCONT: frozen, with its sockets open, or running again. */
  public void signal(String name) throws InterruptedException {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + name + " failed");
      }
    } catch (IOException e) {
      throw new AssertionError("kill -" + name + ": " + e, e);
    }
  }

  /** Its exit status once it exits within {@code within}; fails when it does not. */
  public int exitCode(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + within + ": " + output());
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly(); // SIGKILL: a stopped process dies too
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
