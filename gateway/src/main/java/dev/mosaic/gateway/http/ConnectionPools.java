package dev.mosaic.gateway.http;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * How full each service's connection pools are, for the whole process: every event loop has its own
 * client per service (and a reload makes new ones), and each registers a {@link Usage} here; a
 * gauge sums them when Prometheus scrapes.
 *
 * <p>Why not Vert.x's own pool metrics: they come only with its HTTP client metrics, which format
 * and hash tag strings on every request (10% of an event loop's samples in the S2 benchmark), and
 * they name a pool by its address, so two loops' clients for one service registered one gauge twice
 * and reported a single pool. Here each loop counts on counters only it writes.
 */
public final class ConnectionPools {

  /**
   * One event loop's client for one service. Only that loop writes the counts, so they are plain
   * fields: no atomic instruction on the call path, and no cache line bouncing between the loops
   * (two loops' atomics side by side cost 1% of the S2 profile). A scrape reads them as they are at
   * that moment; an int is never torn.
   */
  public static final class Usage {
    private int open;
    private int waiting;
    private final int limit;

    Usage(int limit) {
      this.limit = limit;
    }

    void opened() {
      open++;
    }

    void closed() {
      open--;
    }

    void waiting() {
      waiting++;
    }

    void acquired() {
      waiting--;
    }
  }

  private final Map<String, Set<Usage>> byService = new ConcurrentHashMap<>();

  /**
   * @param limit the most connections this client keeps to the service (all its instances)
   */
  Usage register(String service, int limit) {
    Usage usage = new Usage(limit);
    byService.computeIfAbsent(service, s -> ConcurrentHashMap.newKeySet()).add(usage);
    return usage;
  }

  void release(String service, Usage usage) {
    byService.computeIfPresent(
        service,
        (s, usages) -> {
          usages.remove(usage);
          return usages.isEmpty() ? null : usages;
        });
  }

  /** Open connections to {@code service}, over every loop's client. */
  public int open(String service) {
    return sum(service, u -> u.open);
  }

  /** Calls waiting for a connection to {@code service}: above zero, the pools are too small. */
  public int waiting(String service) {
    return sum(service, u -> u.waiting);
  }

  /** The most connections the process may open to {@code service}. */
  public int limit(String service) {
    return sum(service, u -> u.limit);
  }

  private int sum(String service, ToIntFunction<Usage> read) {
    Set<Usage> usages = byService.get(service);
    if (usages == null) {
      return 0;
    }
    int total = 0;
    for (Usage usage : usages) {
      total += read.applyAsInt(usage);
    }
    return total;
  }
}
