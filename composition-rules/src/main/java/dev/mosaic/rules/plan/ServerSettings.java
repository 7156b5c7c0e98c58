package dev.mosaic.rules.plan;

/**
 * Where the gateway listens and its request-wide defaults.
 *
 * @param adminPort the admin API's port (0: a free one), or -1 for none
 * @param adminHost where the admin API listens: loopback unless the config says otherwise
 */
public record ServerSettings(String host, int port, int instances, long maxBodySize, String adminHost,
    int adminPort) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_SIZE = 1 << 20;
  public static final String DEFAULT_ADMIN_HOST = "127.0.0.1";

  public ServerSettings(String host, int port, int instances, long maxBodySize) {
    this(host, port, instances, maxBodySize, DEFAULT_ADMIN_HOST, -1);
  }

  public ServerSettings withPort(int newPort) {
    return new ServerSettings(host, newPort, instances, maxBodySize, adminHost, adminPort);
  }
}
