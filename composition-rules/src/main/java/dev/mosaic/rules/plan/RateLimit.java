package dev.mosaic.rules.plan;

import java.util.Locale;

/**
 * An endpoint's per-client limit: a token bucket holding {@code burst} tokens, refilled at {@code
 * perSecond}, one token per request, one bucket per endpoint and client.
 *
 * @param by what tells clients apart
 */
public record RateLimit(double perSecond, int burst, ClientKey by) {

  /** The time one token takes to come back. */
  public long intervalNanos() {
    return Math.max(1, Math.round(1e9 / perSecond));
  }

  /**
   * What tells one client from another: its address, a request header or a claim of its token. A
   * request without that header or claim is counted by its address.
   *
   * @param name the lower-case header name, or the claim's name as written; null for the address
   */
  public record ClientKey(Source source, String name) {

    public static final ClientKey IP = new ClientKey(Source.IP, null);

    public enum Source {
      IP,
      HEADER,
      CLAIM
    }

    /**
     * "ip", "header:x-api-key" or "claim:sub": as written in the config, header names lower-cased.
     */
    @Override
    public String toString() {
      return source == Source.IP ? "ip" : source.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
  }
}
