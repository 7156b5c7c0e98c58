package dev.mosaic.gateway.http;

import io.vertx.core.buffer.Buffer;

/** A complete answer from a service. */
public record ServiceResponse(int status, String contentType, Buffer body) {}
