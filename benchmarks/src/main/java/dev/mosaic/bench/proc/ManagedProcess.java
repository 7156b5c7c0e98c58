package dev.mosaic.bench.proc;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A process the runner started (stubs, gateway, nginx): output to a log file, ready when a URL
 * answers, its CPU time read from /proc, and killed by PID when the run ends — also on Ctrl-C,
 * through a shutdown hook, so an interrupted run leaves nothing behind.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final List<ManagedProcess> RUNNING = new CopyOnWriteArrayList<>();
  private static final long CLOCK_TICKS = clockTicks();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> RUNNING.forEach(ManagedProcess::close), "bench-cleanup"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static ManagedProcess start(String name, List<String> command, Path logDir)
      throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(new File("."))
            .start();
    ManagedProcess managed = new ManagedProcess(name, process, log);
    RUNNING.add(managed);
    return managed;
  }

  /** Polls {@code url} until it answers (any status) or {@code timeout} passes. */
  public ManagedProcess awaitReady(String url, Duration timeout)
      throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding());
        return this;
      } catch (IOException notYet) {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    throw new IOException(name + " not ready within " + timeout + "; see " + log);
  }

  public long pid() {
    return process.pid();
  }

  /**
   * User plus system CPU time of the process and its live descendants (nginx's workers) so far, in
   * nanoseconds, from Linux /proc; -1 when it cannot be read.
   */
  public long cpuNanos() {
    long own = cpuNanos(process.pid());
    if (own < 0) {
      return -1;
    }
    return own + process.descendants().mapToLong(child -> Math.max(0, cpuNanos(child.pid()))).sum();
  }

  private static long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may contain spaces
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks =
          Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
      return ticks * (1_000_000_000L / CLOCK_TICKS);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    RUNNING.remove(this);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out =
          new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      getconf.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | RuntimeException | InterruptedException e) {
      return 100; // the Linux default
    }
  }
}
