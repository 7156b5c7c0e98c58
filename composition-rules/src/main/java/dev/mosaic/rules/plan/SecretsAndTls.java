package dev.mosaic.rules.plan;

/**
 * The server's secrets source and TLS termination: the settings that read files beside the config.
 *
 * @param tls TLS on the public port, or null for plain HTTP
 */
public record SecretsAndTls(Secrets secrets, TlsTermination tls) {

  public static final SecretsAndTls NONE = new SecretsAndTls(Secrets.NONE, null);
}
