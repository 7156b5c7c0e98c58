package dev.mosaic.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.GatewayHarness;
import dev.mosaic.gateway.GatewayProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mosaic run} says where it listens, including the port it was given for {@code adminPort:
 * 0}, and that admin port serves the build's identity as a metric.
 */
class RunOutputTest {

  @TempDir Path dir;
  private GatewayProcess process;

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.close();
    }
  }

  @Test
  void runPrintsTheUrlsItBoundAndTheAdminPortServesBuildInfo() throws Exception {
    process =
        GatewayProcess.start(
            """
            server: { host: 127.0.0.1, port: {port}, adminPort: 0, instances: 1 }
            services:
              catalog: { urls: ["http://127.0.0.1:9"] }
            endpoints:
              GET /p/{id}:
                calls:
                  product: { service: catalog, path: "/products/${path.id}" }
            """,
            dir);
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the admin URL is printed",
        () -> process.output().contains("admin   http://"));
    String output = process.output();
    assertTrue(
        output.contains("public  " + process.uri("").toString().replaceAll("/$", "")), output);
    Matcher admin = Pattern.compile("admin   (http://127\\.0\\.0\\.1:(\\d+))").matcher(output);
    assertTrue(admin.find(), output);
    assertTrue(Integer.parseInt(admin.group(2)) > 0, "a real port, not 0: " + admin.group());

    HttpResponse<String> metrics =
        process
            .client()
            .send(
                HttpRequest.newBuilder(URI.create(admin.group(1) + "/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode(), metrics.body());
    Matcher info =
        Pattern.compile(
                "mosaic_build_info\\{revision=\"([^\"]+)\",version=\"([^\"]+)\",vertx=\"(5\\.[^\"]+)\"} 1(\\.0)?")
            .matcher(metrics.body());
    assertTrue(
        info.find(),
        "mosaic_build_info with its labels: "
            + metrics.body().lines().filter(l -> l.contains("build")).toList());
    assertTrue(info.group(2).matches("\\d+\\.\\d+\\.\\d+.*"), info.group());
  }
}
