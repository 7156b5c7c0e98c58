package dev.mosaic.gateway.edge;

import java.util.concurrent.atomic.AtomicInteger;

/** The client connections the whole process holds, across event loops, against one limit. */
public final class OpenConnections {

  private final AtomicInteger count = new AtomicInteger();

  boolean tryOpen(int limit) {
    while (true) {
      int now = count.get();
      if (now >= limit) {
        return false;
      }
      if (count.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void closed() {
    count.decrementAndGet();
  }

  public int count() {
    return count.get();
  }
}
