package dev.mosaic.gateway.http;

/**
 * The one shape of every outbound step: send a call, get an {@link Exchange}. The HTTP exchange is
 * at the bottom; breaker, bulkhead, retry, hedge and load balancing each wrap the next one (the
 * order is written down once, in {@code dev.mosaic.gateway.call.CallStack}).
 */
public interface ServiceCaller {

  Exchange send(Outbound call);
}
