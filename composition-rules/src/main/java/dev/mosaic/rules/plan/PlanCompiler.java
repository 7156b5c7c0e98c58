package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.SchemaCheck;
import dev.mosaic.rules.config.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a YAML config into a {@link GatewayPlan}, or fails with every problem found, each with its
 * file:line:col. Stages: YAML → JSON-Schema check → services → endpoints (templates, dependency
 * graph, cycles). Later stages still run after earlier ones found problems, over whatever parts are
 * well-formed, so one run reports as much as it can.
 *
 * <p>Pure and synchronous: no sockets, no event loop. The gateway calls it off the event loop.
 */
public final class PlanCompiler {

  private static final SchemaCheck SCHEMA = SchemaCheck.published();

  private PlanCompiler() {}

  public static GatewayPlan compile(Path file) throws ConfigException, IOException {
    return compile(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * @param name the file's path, used in problem positions; the files the config names (secrets,
   *     certificates) are relative to its directory
   */
  public static GatewayPlan compile(String name, String yaml) throws ConfigException {
    return compile(name, yaml, directoryOf(name));
  }

  /**
   * @param directory what relative paths in the config (secrets, certificates) are resolved against
   */
  public static GatewayPlan compile(String name, String yaml, Path directory)
      throws ConfigException {
    return compile(name, yaml, directory, System::getenv);
  }

  /**
   * @param env what {@code ${env:NAME}} references read: the process's environment, or a test's
   */
  public static GatewayPlan compile(
      String name, String yaml, Path directory, java.util.function.Function<String, String> env)
      throws ConfigException {
    Problems problems = new Problems();
    ConfigNode root = YamlReader.read(name, yaml, env, problems);
    if (root == null) {
      problems.throwIfAny();
    }
    SCHEMA.check(root, problems);
    if (!(root instanceof ConfigNode.MapNode top)) {
      problems.throwIfAny();
      throw new IllegalStateException("unreachable: a non-mapping root is a schema problem");
    }
    Fields fields = new Fields(top, problems);
    CacheSettings cache = readCache(fields.map("cache"), problems);
    ServerSettings server = readServer(fields.map("server"), cache, problems);
    SagaSettings sagas = SagaSettingsReader.read(fields.map("sagas"), cache, problems);
    EventSettings events = EventSettingsReader.read(fields.map("events"), cache, problems);
    ConfigNode.MapNode serverNode = fields.map("server");
    SecretReader secrets = SecretReader.of(serverNode, directory, problems);
    Map<String, ServicePlan> services =
        ServiceReader.read(fields.map("services"), problems, secrets, directory);
    AuthReader.Profiles auth = AuthReader.profiles(fields.map("auth"), directory, problems);
    List<EndpointPlan> endpoints = new ArrayList<>();
    ConfigNode.MapNode endpointNodes = fields.map("endpoints");
    if (endpointNodes != null) {
      Map<String, ConfigNode.Entry> routes = new HashMap<>();
      for (ConfigNode.Entry entry : endpointNodes.entries()) {
        // parameter names do not change which requests a route matches
        String shape = entry.key().trim().replaceAll("\\{[^}]*}", "{}").replaceAll("/+$", "");
        ConfigNode.Entry earlier = routes.putIfAbsent(shape, entry);
        if (earlier != null) {
          problems.add(
              entry.keyPosition(),
              "duplicate route: '"
                  + entry.key()
                  + "' matches the same requests as '"
                  + earlier.key()
                  + "' at line "
                  + earlier.keyPosition().line());
          continue;
        }
        EndpointPlan endpoint =
            EndpointCompiler.compile(entry, services, server, sagas, auth, problems, secrets);
        if (endpoint != null) {
          endpoints.add(endpoint);
        }
      }
      EndpointRules.sagaStatesRoute(endpoints, problems);
    }
    TlsTermination tls =
        TlsReader.server(
            serverNode == null ? null : new Fields(serverNode, problems).map("tls"),
            directory,
            problems);
    if (server.edge().http2() && tls == null && serverNode != null) {
      problems.add(
          new Fields(serverNode, problems).position("http2"),
          "http2 is offered over TLS only (ALPN):"
              + " add server.tls, or leave http2 off (cleartext h2c would reach the gateway through a path that"
              + " decodes a connection's first request before its framing can be checked)");
    }
    TracingSettings tracing = TracingReader.read(serverNode, problems);
    problems.throwIfAny();
    server = server.withSecretsAndTls(new SecretsAndTls(secrets.secrets(), tls));
    return new GatewayPlan(
        name,
        server,
        new LinkedHashMap<>(services),
        cache,
        endpoints,
        sagas,
        events,
        lifecycle(serverNode, problems),
        tracing);
  }

  /**
   * Files a config names (keys) are relative to its own directory; a name that is no path means
   * here.
   */
  private static Path directoryOf(String name) {
    try {
      Path parent = Path.of(name).toAbsolutePath().getParent();
      return parent != null ? parent : Path.of("").toAbsolutePath();
    } catch (java.nio.file.InvalidPathException e) {
      return Path.of("").toAbsolutePath();
    }
  }

  private static ServerSettings readServer(
      ConfigNode.MapNode node, CacheSettings cache, Problems problems) {
    if (node == null) {
      return new ServerSettings(
              ServerSettings.DEFAULT_HOST,
              ServerSettings.DEFAULT_PORT,
              0,
              ServerSettings.DEFAULT_MAX_BODY_SIZE)
          .withRateLimits(RateLimitReader.settings(null, cache, problems));
    }
    Fields f = new Fields(node, problems);
    return new ServerSettings(
        f.string("host", ServerSettings.DEFAULT_HOST),
        f.integer("port", ServerSettings.DEFAULT_PORT),
        f.integer("instances", 0),
        f.size("maxBodySize", ServerSettings.DEFAULT_MAX_BODY_SIZE),
        f.string("adminHost", ServerSettings.DEFAULT_ADMIN_HOST),
        f.integer("adminPort", -1),
        f.string("adminTokenFile", null),
        f.bool("metrics", true),
        f.bool("tracing", true),
        f.bool("accessLog", false),
        f.bool("watchConfig", true),
        EdgeReader.read(f, problems),
        SecretsAndTls.NONE,
        RateLimitReader.settings(f.map("rateLimits"), cache, problems));
  }

  private static LifecycleSettings lifecycle(ConfigNode.MapNode server, Problems problems) {
    if (server == null) {
      return LifecycleSettings.DEFAULTS;
    }
    Fields f = new Fields(server, problems);
    return new LifecycleSettings(
        // 0s is a valid drain delay (none), unlike the other durations
        f.string("drainDelay", null) == null
                || dev.mosaic.rules.config.Units.duration(f.string("drainDelay", null)) == null
            ? java.time.Duration.ZERO
            : dev.mosaic.rules.config.Units.duration(f.string("drainDelay", null)),
        f.duration("shutdownGrace", LifecycleSettings.DEFAULT_SHUTDOWN_GRACE),
        f.integer("healthPort", -1),
        "json".equals(f.string("logFormat", "text")));
  }

  private static CacheSettings readCache(ConfigNode.MapNode node, Problems problems) {
    if (node == null) {
      return CacheSettings.NONE;
    }
    Fields f = new Fields(node, problems);
    String redis =
        f.node("redis") == null
            ? null
            : RedisSetting.address(f.node("redis"), "cache.redis", problems);
    return new CacheSettings(
        true,
        f.longValue("maxEntries", CacheSettings.DEFAULT_MAX_ENTRIES),
        f.size("maxBytes", CacheSettings.DEFAULT_MAX_BYTES),
        redis,
        f.duration("redisTimeout", CacheSettings.DEFAULT_REDIS_TIMEOUT),
        f.bool("surrogateKeys", false));
  }
}
