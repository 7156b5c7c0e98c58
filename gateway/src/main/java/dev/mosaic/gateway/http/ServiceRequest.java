package dev.mosaic.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One request to a service, fully rendered: the URI is already percent-encoded. It carries no time
 * limit: the caller holds that on its event loop's timeout wheel and cancels the exchange.
 */
public record ServiceRequest(String method, String uri, MultiMap headers, Buffer body) {}
