package dev.mosaic.rules.plan;

/**
 * How calls to a service over https:// check it and present themselves ({@code tls:} of a service).
 * Without it, the JVM's default trust store is used and host names are verified.
 *
 * @param ca extra certificates (a private CA) to trust, or null
 * @param cert the client certificate for mutual TLS, or null (then key is null too)
 * @param verify false turns certificate and host-name checks off: only for a test bench
 */
public record ServiceTls(PemFile ca, PemFile cert, PemFile key, boolean verify) {}
