package dev.mosaic.rules.plan;

/**
 * Where the gateway listens, its request-wide defaults, and how it is operated.
 *
 * @param adminPort the admin API's port (0: a free one), or -1 for none
 * @param adminHost where the admin API listens: loopback unless the config says otherwise
 * @param adminTokenFile a file holding the bearer token the admin API requires, or null for none
 * @param metrics whether Prometheus metrics are recorded (served on the admin port)
 * @param tracing whether W3C trace context is propagated to services
 * @param accessLog whether one JSON line per request goes to the {@code mosaic.access} logger
 * @param watchConfig whether the config file is watched and reloaded when it changes
 * @param edge what the public listener accepts from clients: limits, timeouts, trusted proxies
 * @param secretsAndTls where {@code ${secret:name}} values come from, and TLS on the public port
 * @param rateLimits where rate-limit buckets are kept, and the default limit
 */
public record ServerSettings(
    String host,
    int port,
    int instances,
    long maxBodySize,
    String adminHost,
    int adminPort,
    String adminTokenFile,
    boolean metrics,
    boolean tracing,
    boolean accessLog,
    boolean watchConfig,
    EdgeSettings edge,
    SecretsAndTls secretsAndTls,
    RateLimitSettings rateLimits) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_SIZE = 1 << 20;
  public static final String DEFAULT_ADMIN_HOST = "127.0.0.1";

  public ServerSettings(String host, int port, int instances, long maxBodySize) {
    this(
        host,
        port,
        instances,
        maxBodySize,
        DEFAULT_ADMIN_HOST,
        -1,
        null,
        true,
        true,
        false,
        true,
        EdgeSettings.DEFAULTS);
  }

  public ServerSettings(
      String host,
      int port,
      int instances,
      long maxBodySize,
      String adminHost,
      int adminPort,
      String adminTokenFile,
      boolean metrics,
      boolean tracing,
      boolean accessLog,
      boolean watchConfig,
      EdgeSettings edge) {
    this(
        host,
        port,
        instances,
        maxBodySize,
        adminHost,
        adminPort,
        adminTokenFile,
        metrics,
        tracing,
        accessLog,
        watchConfig,
        edge,
        SecretsAndTls.NONE,
        RateLimitSettings.NONE);
  }

  public ServerSettings withPort(int newPort) {
    return new ServerSettings(
        host,
        newPort,
        instances,
        maxBodySize,
        adminHost,
        adminPort,
        adminTokenFile,
        metrics,
        tracing,
        accessLog,
        watchConfig,
        edge,
        secretsAndTls,
        rateLimits);
  }

  public ServerSettings withSecretsAndTls(SecretsAndTls next) {
    return new ServerSettings(
        host,
        port,
        instances,
        maxBodySize,
        adminHost,
        adminPort,
        adminTokenFile,
        metrics,
        tracing,
        accessLog,
        watchConfig,
        edge,
        next,
        rateLimits);
  }

  public ServerSettings withRateLimits(RateLimitSettings next) {
    return new ServerSettings(
        host,
        port,
        instances,
        maxBodySize,
        adminHost,
        adminPort,
        adminTokenFile,
        metrics,
        tracing,
        accessLog,
        watchConfig,
        edge,
        secretsAndTls,
        next);
  }

  /**
   * The settings that only a restart can change (sockets, verticles): a reload keeps the running
   * ones.
   */
  public boolean sameListeners(ServerSettings other) {
    return host.equals(other.host)
        && port == other.port
        && instances == other.instances
        && adminHost.equals(other.adminHost)
        && adminPort == other.adminPort
        && edge.sameListener(other.edge)
        && (secretsAndTls.tls() == null)
            == (other.secretsAndTls.tls() == null); // TLS files rotate on reload
  }
}
