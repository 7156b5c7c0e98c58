package dev.mosaic.gateway.http;

/** The bottom of the call stack: one exchange with one chosen instance of a service. */
public interface InstanceCaller {

  /**
   * @param instance an index into the service's {@code instances()}
   */
  Exchange send(Outbound call, int instance);
}
