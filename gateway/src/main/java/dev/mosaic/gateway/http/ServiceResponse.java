package dev.mosaic.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * An answer from a service: complete ({@code body} buffered), or for a streamed call only its head,
 * with the body still to be read from the paused {@code stream}.
 *
 * @param instance the index of the service instance that answered, or -1 (from the cache)
 * @param cache where it came from when the call is cached, else null
 * @param cacheControl the service's Cache-Control header, or null
 */
public record ServiceResponse(
    int status,
    String contentType,
    Buffer body,
    HttpClientResponse stream,
    int instance,
    CacheUse cache,
    String cacheControl) {

  public ServiceResponse(int status, String contentType, Buffer body) {
    this(status, contentType, body, null, -1, null, null);
  }

  public ServiceResponse withCache(CacheUse use) {
    return new ServiceResponse(status, contentType, body, stream, instance, use, cacheControl);
  }

  /**
   * Drops an answer nobody will read (a retried 503, a hedge that lost): a streamed body is reset.
   */
  public void discard() {
    if (stream != null) {
      stream.request().reset();
    }
  }
}
