package dev.mosaic.rules.plan;

import java.net.URI;

/** Scheme, host and port of a service instance; the only place a call's target comes from. */
public record ServiceAddress(boolean ssl, String host, int port) {

  /**
   * @return the address, or null when the URL is not http(s)://host[:port]
   */
  public static ServiceAddress parse(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        return null;
      }
      boolean ssl = "https".equals(scheme);
      int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
      return port > 65535 ? null : new ServiceAddress(ssl, uri.getHost(), port);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return (ssl ? "https://" : "http://") + host + ":" + port;
  }
}
