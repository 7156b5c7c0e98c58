package dev.mosaic.rules.plan;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where an issuer publishes its keys (a JSON Web Key Set) and how the gateway keeps its copy fresh.
 *
 * @param algorithms the algorithms tokens may use; a published key for any other is ignored
 * @param refresh how often the set is fetched again, so a removed key stops being trusted
 * @param minInterval at most one fetch per this interval, for a token naming an unknown key ({@code
 *     kid}) or after a failed fetch: unknown key ids cannot make the gateway hammer the issuer
 * @param timeout the budget of one fetch
 */
public record JwksSettings(
    URI url, List<String> algorithms, Duration refresh, Duration minInterval, Duration timeout) {

  public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256");
  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  public JwksSettings {
    algorithms = List.copyOf(algorithms);
  }
}
