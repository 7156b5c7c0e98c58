package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mosaic.gateway.logging.AccessLog;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Secrets from files on a running gateway: calls carry them, a reload (asked for, or seen by the
 * watcher) rotates them, and no answer, admin view, log line or printed plan ever shows one.
 */
class SecretsTest {

  private static final String API_KEY = "k3y-0f-the-g4teway";
  private static final String TOKEN = "t0k3n-for-c4talog";
  private static final String ROTATED = "r0tated-t0k3n";

  /** %s: watchConfig; %s: the call header's secret. */
  private static final String CONFIG =
      """
      server: { host: 127.0.0.1, port: 0, instances: 2, adminPort: 0, accessLog: true, watchConfig: %s, secrets: secrets }
      services:
        catalog: { urls: ["{catalog}"], headers: { X-Api-Key: "${secret:api-key}" } }
      endpoints:
        GET /products/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", headers: { Authorization: "Bearer ${secret:%s}" } }
          response: { name: "${product.name}" }
        GET /raw/{id}:
          calls:
            product: { service: catalog, path: "/products/${path.id}", headers: { Authorization: "Bearer ${secret:%s}" } }
      """;

  @TempDir Path dir;
  private GatewayHarness gw;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private final Logger mosaic = (Logger) LoggerFactory.getLogger("dev.mosaic");
  private Level mosaicLevel;

  @BeforeEach
  void capture() {
    logged.start();
    root.addAppender(logged);
    access.addAppender(logged);
    mosaicLevel = mosaic.getLevel();
    mosaic.setLevel(Level.DEBUG); // debug lines too: a secret must not hide there either
  }

  @AfterEach
  void close() throws Exception {
    try {
      if (gw != null) {
        gw.close();
      }
    } finally {
      root.detachAppender(logged);
      access.detachAppender(logged);
      mosaic.setLevel(mosaicLevel);
    }
  }

  private static String config(boolean watch, String secret) {
    return CONFIG.formatted(watch, secret, secret);
  }

  private void secret(String name, String value) throws Exception {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Path next = dir.resolve("next-secret");
    Files.writeString(next, value + "\n", StandardCharsets.UTF_8);
    Files.move(
        next,
        secrets.resolve(name),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private void start(boolean watch) throws Exception {
    secret("api-key", API_KEY);
    secret("token", TOKEN);
    gw = GatewayHarness.startFromFile(config(watch, "token"), dir.resolve("mosaic.yaml"));
  }

  private void writeConfig(String yaml) throws Exception {
    Path next = dir.resolve("next.yaml");
    Files.writeString(next, gw.resolve(yaml), StandardCharsets.UTF_8);
    Files.move(
        next,
        dir.resolve("mosaic.yaml"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The headers the catalog stub saw on the last request. */
  private JsonObject lastHeaders() {
    List<JsonObject> seen = gw.stub("catalog").behaviour().recentHeaders();
    assertFalse(seen.isEmpty(), "the catalog stub was called");
    return seen.get(seen.size() - 1);
  }

  @Test
  void callsCarryTheSecretsAndAReloadRotatesThem() throws Exception {
    start(false);
    assertEquals(200, gw.get("/products/2").statusCode());
    assertEquals(API_KEY, lastHeaders().getString("x-api-key"));
    assertEquals("Bearer " + TOKEN, lastHeaders().getString("authorization"));

    secret("token", ROTATED); // the config file is unchanged: the secret alone is the change
    HttpResponse<String> reload = gw.admin("POST", "/admin/reload", null);
    assertEquals(200, reload.statusCode(), reload.body());
    assertEquals("applied", GatewayHarness.json(reload).getString("result"), reload.body());
    assertEquals(200, gw.get("/products/2").statusCode());
    assertEquals("Bearer " + ROTATED, lastHeaders().getString("authorization"));
    assertEquals(API_KEY, lastHeaders().getString("x-api-key"));

    reload = gw.admin("POST", "/admin/reload", null);
    assertEquals(
        "unchanged",
        GatewayHarness.json(reload).getString("result"),
        "nothing changed since: " + reload.body());
  }

  @Test
  void theWatcherPicksUpARotatedSecretFile() throws Exception {
    start(true);
    assertEquals(200, gw.get("/products/2").statusCode());
    assertEquals("Bearer " + TOKEN, lastHeaders().getString("authorization"));
    secret("token", ROTATED);
    GatewayHarness.eventually(
        Duration.ofSeconds(10),
        "the rotated token on calls",
        () ->
            GatewayHarness.holds(
                () -> {
                  gw.get("/products/2");
                  return lastHeaders().getString("authorization").equals("Bearer " + ROTATED);
                }));
  }

  @Test
  void noAnswerAdminViewLogLineOrPrintedPlanShowsASecret() throws Exception {
    start(false);
    List<String> seen = new ArrayList<>();
    HttpResponse<String> ok = gw.get("/products/2");
    assertEquals(200, ok.statusCode());
    seen.add(ok.headers().toString() + ok.body());
    assertEquals(200, gw.get("/raw/2").statusCode()); // passthrough too

    gw.stub("catalog").behaviour().status(500);
    HttpResponse<String> failed = gw.get("/products/2");
    assertEquals(502, failed.statusCode(), failed.body());
    seen.add(failed.headers().toString() + failed.body());
    HttpResponse<String> failedRaw = gw.get("/raw/2");
    seen.add(failedRaw.headers().toString() + failedRaw.body());
    gw.stub("catalog").behaviour().status(0);
    assertEquals(
        "Bearer " + TOKEN,
        lastHeaders().getString("authorization"),
        "the secrets did reach the service");

    for (String path :
        List.of("/admin/config", "/admin/routes", "/admin/breakers", "/metrics", "/health/ready")) {
      HttpResponse<String> view = gw.admin("GET", path, null);
      assertEquals(200, view.statusCode(), path);
      seen.add(path + ": " + view.body());
    }
    String config = gw.admin("GET", "/admin/config", null).body();
    assertTrue(
        config.contains("${secret:token}"), "the config is shown with its references: " + config);

    // rejected reloads say which secret is wrong, not what it holds
    writeConfig(config(false, "tokn"));
    HttpResponse<String> unknown = gw.admin("POST", "/admin/reload", null);
    assertEquals(422, unknown.statusCode(), unknown.body());
    assertTrue(
        unknown.body().contains("unknown secret 'tokn'")
            && unknown.body().contains("mosaic.yaml:7:"),
        unknown.body());
    seen.add(unknown.body());
    writeConfig(config(false, "token"));
    secret("token", TOKEN + "\u0001");
    HttpResponse<String> control = gw.admin("POST", "/admin/reload", null);
    assertEquals(422, control.statusCode(), control.body());
    assertTrue(
        control.body().contains("secret 'token'") && control.body().contains("control character"),
        control.body());
    seen.add(control.body());

    seen.add(gw.plan().toString());
    seen.add(gw.gateway().generation().plan().toString());
    synchronized (logged.list) {
      logged.list.forEach(
          event -> seen.add(event.getFormattedMessage() + " " + event.getThrowableProxy()));
    }
    assertTrue(
        seen.stream()
            .anyMatch(text -> text.contains("\"status\":502") || text.contains("/products/2")),
        "the captured output is the real thing");
    for (String text : seen) {
      assertFalse(text.contains(TOKEN) || text.contains(API_KEY), "a secret in: " + text);
    }
  }
}
