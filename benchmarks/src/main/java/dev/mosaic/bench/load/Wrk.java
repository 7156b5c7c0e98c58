package dev.mosaic.bench.load;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * wrk, the closed-loop load generator (Debian package wrk), for comparing two servers' capacity and
 * CPU per request: a native generator costs far less CPU per request than the runner's JVM, so more
 * of the 2 shared cores go to the server being measured. One thread, a fixed number of connections;
 * every request's id varies over 1..{@link #IDS} through a small Lua script written into the run's
 * work directory. Each run's output is appended to wrk.log there.
 */
public final class Wrk {

  /** Requests spread over ids 1..IDS, the same ids whose answers the comparison checks. */
  public static final int IDS = 1000;

  /**
   * A request not answered within this is a socket error: the open-loop generator's timeout ({@link
   * OpenLoopLoad#REQUEST_TIMEOUT}), not wrk's 2 s, which a JVM still compiling its paths on these
   * shared cores can exceed without anything being wrong.
   */
  static final Duration TIMEOUT = OpenLoopLoad.REQUEST_TIMEOUT;

  // The requests are formatted once, in init; request() only steps through them, from a random
  // start, so the script costs wrk next to nothing per request. The URL's path is the prefix the id
  // is appended to: http://127.0.0.1:9380/s2/ asks for /s2/1, /s2/2, ...
  private static final String SCRIPT =
      """
      local requests = {}
      local n = 0
      function init(args)
        for id = 1, %d do
          requests[id] = wrk.format("GET", wrk.path .. id)
        end
        n = math.random(%d)
      end
      function request()
        n = n %% %d + 1
        return requests[n]
      end
      """
          .formatted(IDS, IDS, IDS);

  private final String binary;
  private final Path script;
  private final Path log;
  private final Path running;

  private Wrk(String binary, Path script, Path log, Path running) {
    this.binary = binary;
    this.script = script;
    this.log = log;
    this.running = running;
  }

  /**
   * @return the wrk binary on this machine, empty when wrk is not installed
   */
  public static Optional<String> binary() {
    List<Path> candidates =
        new ArrayList<>(List.of(Path.of("/usr/bin/wrk"), Path.of("/usr/local/bin/wrk")));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank()) {
          candidates.add(Path.of(dir, "wrk"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString);
  }

  /** Writes the id script into {@code workDir}, and starts its wrk.log afresh. */
  public static Wrk prepare(String binary, Path workDir) throws IOException {
    Files.createDirectories(workDir);
    Path script = workDir.resolve("wrk-ids.lua");
    Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
    Path log = workDir.resolve("wrk.log");
    Files.deleteIfExists(log);
    return new Wrk(binary, script.toAbsolutePath(), log, workDir.resolve("wrk-running.txt"));
  }

  /**
   * Runs wrk against {@code urlPrefix} (an id is appended per request) and returns what it
   * reported. Blocks for the run's length: call it from the runner's thread, never an event loop.
   *
   * @param duration rounded to whole seconds, at least one (wrk's finest unit)
   * @throws IOException when wrk fails, overruns or prints no report
   */
  public WrkResult run(String urlPrefix, int connections, Duration duration)
      throws IOException, InterruptedException {
    long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
    List<String> command =
        List.of(
            binary,
            "-t1",
            "-c" + connections,
            "-d" + seconds + "s",
            "--timeout",
            TIMEOUT.toSeconds() + "s",
            "--latency",
            "-s",
            script.toString(),
            urlPrefix);
    // into a file, not a pipe: waiting on a pipe would wait for ever on a wrk that hangs
    Process wrk =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(running.toFile())
            .start();
    try {
      if (!wrk.waitFor(seconds + 30, TimeUnit.SECONDS)) {
        throw new IOException("wrk did not finish: " + String.join(" ", command));
      }
    } finally {
      wrk.destroyForcibly(); // a no-op once it has exited; an interrupted run must not leave it
      // behind
    }
    String output = Files.readString(running, StandardCharsets.UTF_8);
    Files.delete(running);
    Files.writeString(
        log,
        "$ " + String.join(" ", command) + "\n" + output + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    if (wrk.exitValue() != 0) {
      throw new IOException(
          "wrk exited with " + wrk.exitValue() + " against " + urlPrefix + ": " + output.strip());
    }
    try {
      return WrkResult.parse(output);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
