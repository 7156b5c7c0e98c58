package dev.mosaic.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as the passthrough peer: started from benchmarks/nginx/nginx.conf with its own prefix under
 * target/, in the foreground, on loopback — never as a system service.
 */
public final class Nginx {

  private Nginx() {}

  /**
   * @return the binary, or null when nginx is not installed (the row is then skipped with a note)
   */
  public static String binary() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  public static ManagedProcess start(
      String binary, Path template, Path workDir, int port, int upstreamPort) throws IOException {
    Path prefix = workDir.resolve("nginx").toAbsolutePath();
    Files.createDirectories(prefix.resolve("logs"));
    String conf =
        Files.readString(template, StandardCharsets.UTF_8)
            .replace("@PORT@", Integer.toString(port))
            .replace("@UPSTREAM_PORT@", Integer.toString(upstreamPort))
            .replace("@PREFIX@", prefix.toString());
    Path confFile = prefix.resolve("nginx.conf");
    Files.writeString(confFile, conf, StandardCharsets.UTF_8);
    return ManagedProcess.start(
        "nginx",
        List.of(binary, "-p", prefix.toString(), "-c", confFile.toString(), "-g", "daemon off;"),
        workDir);
  }
}
