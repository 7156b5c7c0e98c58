package dev.mosaic.gateway.saga;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Saga ids, and the {@code Idempotency-Key} each step and compensation carries: derived from the
 * saga id and the step's name, so a service that sees the same key twice (a retry, a compensation
 * re-run after a restart) can tell it already did the work.
 */
public final class SagaIds {

  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final SecureRandom RANDOM = new SecureRandom();

  private SagaIds() {}

  /** 128 random bits, hex. */
  public static String next() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  public static String forStep(String sagaId, String step) {
    return sagaId + ":" + step;
  }

  public static String forCompensation(String sagaId, String step) {
    return sagaId + ":" + step + ":compensate";
  }
}
