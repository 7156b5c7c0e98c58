package dev.mosaic.gateway.cache;

import dev.mosaic.gateway.http.Outbound;

/**
 * The key of a call's answer: service, method, the rendered URI and the values of the headers it
 * varies on. Not the endpoint: product 42 read by two endpoints is one entry.
 */
final class CacheKey {

  private CacheKey() {}

  static String of(Outbound call) {
    StringBuilder key =
        new StringBuilder(64)
            .append(call.service().name())
            .append(' ')
            .append(call.request().method())
            .append(' ')
            .append(call.request().uri());
    for (String header : call.cache().vary()) {
      String value = call.request().headers() == null ? null : call.request().headers().get(header);
      key.append('\n').append(header).append(':').append(value == null ? "" : value);
    }
    return key.toString();
  }
}
