package dev.mosaic.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: Mosaic's version, the git revision it was built from and the Vert.x it runs
 * on, as the build wrote them into {@code build.properties}. Shown by {@code mosaic --version} and
 * as {@code mosaic_build_info{version,revision,vertx} 1}, so a fleet's dashboard can tell which
 * instances run what.
 *
 * @param revision the abbreviated commit, with {@code -dirty} when built from uncommitted changes,
 *     or {@code unknown} when built without git
 */
public record BuildInfo(String version, String revision, String vertx) {

  private static final String UNKNOWN = "unknown";

  /** This jar's build; {@code unknown} for whatever the build could not fill in. */
  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in =
        BuildInfo.class.getResourceAsStream("/dev/mosaic/gateway/build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // a jar without its properties still runs: it just cannot say what it is
    }
    String revision = filled(properties.getProperty("revision"));
    if (!revision.equals(UNKNOWN) && "true".equals(properties.getProperty("dirty"))) {
      revision += "-dirty";
    }
    return new BuildInfo(
        filled(properties.getProperty("version")),
        revision,
        filled(properties.getProperty("vertx")));
  }

  /** A placeholder the build left unresolved (no git) reads as unknown. */
  private static String filled(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
  }

  /** Registers {@code mosaic_build_info}, always 1: its labels are the information. */
  public void register(MeterRegistry registry) {
    Gauge.builder("mosaic.build.info", () -> 1)
        .description("The running build: Mosaic's version, git revision and Vert.x version")
        .tag("version", version)
        .tag("revision", revision)
        .tag("vertx", vertx)
        .register(registry);
  }

  /** The lines of {@code mosaic --version}. */
  public String[] describe() {
    return new String[] {
      "Mosaic " + version + " (revision " + revision + ")",
      "Vert.x " + vertx,
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
