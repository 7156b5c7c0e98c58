package dev.mosaic.bench.load;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * Where a run sends its requests. {@code {id}} in the path is replaced by 1..{@code ids} in turn,
 * so requests spread over the seeded data instead of hitting one hot key. Only loopback targets are
 * accepted: a benchmark must never send load anywhere else.
 */
public record HttpTarget(String host, int port, String pathTemplate, int ids) {

  public HttpTarget {
    if (!("127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host))) {
      throw new IllegalArgumentException("benchmarks only send to loopback, not " + host);
    }
  }

  /** {@code http://127.0.0.1:9380/s2/{id}}. */
  public static HttpTarget of(String url) {
    URI uri = URI.create(url.replace("{id}", "0"));
    String afterAuthority = url.substring(url.indexOf('/', url.indexOf("//") + 2));
    return new HttpTarget(uri.getHost(), uri.getPort(), afterAuthority, 10_000);
  }

  public HttpTarget withIds(int count) {
    return new HttpTarget(host, port, pathTemplate, count);
  }

  RequestOptions request(long n) {
    return new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(host)
        .setPort(port)
        .setURI(pathTemplate.replace("{id}", Long.toString(1 + n % ids)));
  }

  @Override
  public String toString() {
    return "http://" + host + ":" + port + pathTemplate;
  }
}
