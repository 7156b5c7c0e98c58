package dev.mosaic.rules.plan;

/** Where the gateway listens and its request-wide defaults. */
public record ServerSettings(String host, int port, int instances, long maxBodySize) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_SIZE = 1 << 20;
}
