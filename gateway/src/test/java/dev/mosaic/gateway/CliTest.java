package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.cli.CliRun;
import dev.mosaic.gateway.cli.MosaicCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mosaic check} and {@code mosaic run} on good and broken configs, in process. */
class CliTest {

  private static CliRun mosaic(String... args) {
    return CliRun.of(args);
  }

  @Test
  void checkPassesTheDemoConfig() {
    CliRun r = mosaic("check", "../config/gateway.yaml");
    assertEquals(0, r.exit(), r.err());
    assertEquals("../config/gateway.yaml: OK (8 endpoints, 6 services)", r.out().strip());
    assertEquals("", r.err(), "no warnings either");
  }

  @Test
  void checkWarnsAboutRiskySettingsAtTheirPositionsAndStillPasses() throws Exception {
    java.nio.file.Path config = java.nio.file.Files.createTempFile("risky-", ".yaml");
    try {
      java.nio.file.Files.writeString(
          config,
          """
          server:
            port: 8080
            adminHost: 0.0.0.0
            adminPort: 8080
            tracing:
              otlp: { endpoint: "http://127.0.0.1:4318/v1/traces" }
          services:
            orders: { urls: ["http://127.0.0.1:9105"] }
          endpoints:
            POST /orders:
              calls:
                order: { service: orders, method: POST, path: /orders, body: "${body}" }
            PUT /orders/{id}:
              deadline: 2s
              calls:
                order: { service: orders, method: PUT, path: "/orders/${path.id}", body: "${body}" }
          """);
      CliRun r = mosaic("check", config.toString());
      assertEquals(0, r.exit(), "warnings are not problems: " + r.err());
      assertTrue(r.out().contains("OK (2 endpoints, 1 services)"), r.out());
      List<String> warnings = r.errLines();
      assertEquals(4, warnings.size(), r.err());
      assertTrue(
          warnings.get(0).startsWith(config + ":3:14: warning: the admin API listens on 0.0.0.0"),
          warnings.get(0));
      assertTrue(
          warnings.get(1).startsWith(config + ":4:14: warning: adminPort is the public port 8080"),
          warnings.get(1));
      assertTrue(
          warnings
              .get(2)
              .startsWith(
                  config
                      + ":6:5: warning: every new trace is sampled and exported (sampleRatio 1 by"
                      + " default)"),
          warnings.get(2));
      assertTrue(
          warnings.get(3).startsWith(config + ":10:3: warning: POST /orders is a write without a"),
          warnings.get(3));
    } finally {
      java.nio.file.Files.deleteIfExists(config);
    }
  }

  @Test
  void checkListsEveryProblemWithItsPosition() {
    String file = "src/test/resources/broken/typos.yaml";
    CliRun r = mosaic("check", file);
    assertEquals(1, r.exit());
    List<String> lines = r.errLines();
    assertEquals(5, lines.size(), r.err());
    assertTrue(
        lines.get(0).startsWith(file + ":2:45: unknown key 'timout' (did you mean 'timeout'?)"),
        lines.get(0));
    assertTrue(
        lines
            .get(1)
            .startsWith(
                file + ":6:15: endpoints.'GET /products/{id}'.deadline: bad duration '2 seconds'"),
        lines.get(1));
    assertTrue(
        lines
            .get(2)
            .startsWith(file + ":8:27: unknown service 'catalogue' (did you mean 'catalog'?)"),
        lines.get(2));
    assertTrue(
        lines
            .get(3)
            .startsWith(
                file
                    + ":9:39: unknown name 'prodct' in ${prodct.sellerId} (did you mean 'product'?)"),
        lines.get(3));
    assertEquals(file + ": 4 problem(s)", lines.get(4));
  }

  @Test
  void checkNamesTheCycleAndTheReservedName() {
    String file = "src/test/resources/broken/cycle.yaml";
    CliRun r = mosaic("check", "../config/gateway.yaml", file);
    assertEquals(1, r.exit(), "one broken file fails the whole check");
    assertTrue(r.out().contains("gateway.yaml: OK"));
    assertEquals(
        List.of(
            file
                + ":6:7: dependency cycle: first → second → first (each call waits for the next; none can start)",
            file
                + ":8:7: 'query' is a reserved name and cannot name a call (reserved: path, query, headers, body, item,"
                + " auth, request, secret and JSONata's words)",
            file + ": 2 problem(s)"),
        r.errLines());
  }

  @Test
  void runRefusesABrokenConfigWithTheSameMessages() {
    String file = "src/test/resources/broken/typos.yaml";
    java.io.PrintStream originalErr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    int exit;
    try {
      exit = MosaicCommand.commandLine().execute("run", file);
    } finally {
      System.setErr(originalErr);
    }
    assertEquals(1, exit, "exit 1: an invalid config");
    String err = captured.toString();
    assertTrue(err.contains(file + ":2:45: unknown key 'timout'"), err);
    assertTrue(err.contains("4 problem(s); not starting"), err);
  }

  @Test
  void versionSaysWhichBuildAndWhichVertx() {
    CliRun r = mosaic("--version");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(
        lines
            .get(0)
            .matches("Mosaic \\d+\\.\\d+\\.\\d+\\S* \\(revision ([0-9a-f]{7}(-dirty)?|unknown)\\)"),
        lines.get(0));
    assertTrue(lines.get(1).matches("Vert\\.x 5\\.\\d+\\.\\d+"), lines.get(1));
    assertTrue(
        lines.get(2).startsWith("Java 17") || lines.get(2).startsWith("Java "), lines.get(2));
  }

  @Test
  void aWrongCommandLineExits2() {
    assertEquals(2, mosaic("bogus").exit(), "an unknown command");
    assertEquals(2, mosaic("run").exit(), "a missing config");
    assertEquals(2, mosaic("check", "--frobnicate", "x.yaml").exit(), "an unknown option");
  }

  @Test
  void aValidConfigThatCannotStartExits3() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.nio.file.Path config = java.nio.file.Files.createTempFile("taken-", ".yaml");
      try {
        java.nio.file.Files.writeString(
            config,
            """
            server: { host: 127.0.0.1, port: %d, adminPort: 0 }
            services:
              catalog: { urls: ["http://127.0.0.1:9"] }
            endpoints:
              GET /p/{id}:
                calls:
                  product: { service: catalog, path: "/products/${path.id}" }
            """
                .formatted(taken.getLocalPort()));
        java.io.PrintStream originalErr = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        int exit;
        try {
          exit = MosaicCommand.commandLine().execute("run", config.toString());
        } finally {
          System.setErr(originalErr);
        }
        assertEquals(3, exit, "exit 3: valid, but the port is taken; " + captured);
        assertTrue(captured.toString().contains("cannot start"), captured.toString());
      } finally {
        java.nio.file.Files.deleteIfExists(config);
      }
    }
  }
}
