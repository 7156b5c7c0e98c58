package dev.mosaic.stubs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * config/stubs.yaml: the seed, the control port, and each service's port, latency and error rate.
 */
public record StubsConfig(long seed, int controlPort, Map<String, ServiceSettings> services) {

  public record ServiceSettings(int port, LatencyModel latency, double errorRate) {}

  public static StubsConfig load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** The copy of config/stubs.yaml inside the jar. */
  public static StubsConfig embedded() {
    try (InputStream in = StubsConfig.class.getResourceAsStream("/dev/mosaic/stubs/stubs.yaml")) {
      if (in == null) {
        throw new IllegalStateException("stubs.yaml is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "stubs.yaml (embedded)");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static StubsConfig parse(String yaml, String source) {
    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    if (root == null || !(root.get("services") instanceof Map<?, ?> services)) {
      throw new IllegalArgumentException(source + ": needs a 'services' mapping");
    }
    Map<String, ServiceSettings> settings = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : services.entrySet()) {
      String name = e.getKey().toString();
      ServiceApi.named(name); // fails early on a service the stubs do not have
      Map<String, Object> s = e.getValue() == null ? Map.of() : (Map<String, Object>) e.getValue();
      settings.put(
          name,
          new ServiceSettings(
              ((Number) s.getOrDefault("port", 0)).intValue(),
              LatencyModel.parse(s.get("latency")),
              ((Number) s.getOrDefault("errorRate", 0.0)).doubleValue()));
    }
    return new StubsConfig(
        ((Number) root.getOrDefault("seed", 42)).longValue(),
        ((Number) root.getOrDefault("controlPort", 0)).intValue(),
        settings);
  }

  /** The same services answering at once: the floor benchmarks measure against. */
  public StubsConfig withoutLatency() {
    Map<String, ServiceSettings> copy = new LinkedHashMap<>();
    services.forEach(
        (name, s) ->
            copy.put(name, new ServiceSettings(s.port(), LatencyModel.NONE, s.errorRate())));
    return new StubsConfig(seed, controlPort, copy);
  }

  /** Every port 0, so tests never collide with each other or with a running demo. */
  public StubsConfig onFreePorts() {
    Map<String, ServiceSettings> copy = new LinkedHashMap<>();
    services.forEach(
        (name, s) -> copy.put(name, new ServiceSettings(0, s.latency(), s.errorRate())));
    return new StubsConfig(seed, 0, copy);
  }
}
