package dev.mosaic.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** One request to a service, fully rendered: the URI is already percent-encoded. */
public record ServiceRequest(String method, String uri, MultiMap headers, Buffer body, long timeoutMillis) {}
