package dev.mosaic.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What a result was measured on, so numbers from different machines are never compared blindly. */
final class Machine {

  private Machine() {}

  static String describe() {
    return Runtime.getRuntime().availableProcessors()
        + " cores, "
        + cpuModel()
        + ", "
        + (memoryGiB() > 0 ? memoryGiB() + " GiB, " : "")
        + "JVM "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", Vert.x "
        + vertxVersion()
        + ", "
        + nginxVersion();
  }

  static String gitSha(Path root) {
    String sha = run(root, "git", "rev-parse", "--short", "HEAD");
    String dirty = run(root, "git", "status", "--porcelain", "--untracked-files=no");
    if (sha.isBlank()) {
      return "nogit";
    }
    return dirty.isBlank() ? sha : sha + "-dirty";
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static long memoryGiB() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal"))
          .findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024 * 1024))
          .orElse(0L);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static String vertxVersion() {
    String version = io.vertx.core.Vertx.class.getPackage().getImplementationVersion();
    return version != null ? version : "5.0.8 (vertx-stack-depchain)";
  }

  private static String nginxVersion() {
    String out = run(Path.of("."), "nginx", "-v");
    return out.isBlank() ? "no nginx" : out.trim().replace("nginx version: ", "");
  }

  private static String run(Path dir, String... command) {
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }
}
