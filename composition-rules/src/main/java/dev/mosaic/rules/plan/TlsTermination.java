package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.SourcePosition;
import java.util.Set;

/**
 * TLS on the public port ({@code server.tls}).
 *
 * @param minVersion the oldest protocol accepted: TLSv1.2 or TLSv1.3
 * @param position where {@code server.tls} is written, for problems found when the key is loaded
 */
public record TlsTermination(
    PemFile cert, PemFile key, String minVersion, SourcePosition position) {

  public static final String DEFAULT_MIN_VERSION = "TLSv1.2";

  /** The protocols enabled on the socket: {@code minVersion} and newer. */
  public Set<String> protocols() {
    return minVersion.equals("TLSv1.3") ? Set.of("TLSv1.3") : Set.of("TLSv1.2", "TLSv1.3");
  }
}
