package dev.mosaic.gateway.saga;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The saga log of a gateway without Redis (the demo's embedded default): in this process, bounded,
 * for {@link SagaStore#KEEP}. Not crash-safe: a process killed mid-saga leaves its writes
 * uncompensated, and no other instance sees its sagas. Nothing here can lose a lease.
 */
public final class MemorySagaLog implements SagaLog {

  private static final long MAX_SAGAS = 100_000;

  private final Cache<String, Entry> sagas =
      Caffeine.newBuilder().maximumSize(MAX_SAGAS).expireAfterWrite(SagaStore.KEEP).build();

  private static final class Entry {
    SagaHeader header;
    final long openedMillis = System.currentTimeMillis();
    final List<SagaEvent> events = new ArrayList<>();
    String phase = SagaPhases.RUNNING;

    /** Encoded: a parsed tree per kept saga is what a collector has to walk. */
    io.vertx.core.buffer.Buffer ended;

    Entry(SagaHeader header) {
      this.header = header;
    }

    synchronized SagaRecord record() {
      return new SagaRecord(header, events, phase, ended == null ? null : new JsonObject(ended));
    }
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public Future<Void> open(SagaHeader header) {
    sagas.put(header.sagaId(), new Entry(header));
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> append(String sagaId, SagaEvent event) {
    Entry entry = sagas.getIfPresent(sagaId);
    if (entry != null) {
      synchronized (entry) {
        entry.events.add(event);
        if (event.type() == SagaEvent.Type.UNDO_SENT) {
          entry.phase = SagaPhases.COMPENSATING;
        }
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close(String sagaId, String state, JsonObject ended) {
    Entry entry = sagas.getIfPresent(sagaId);
    if (entry != null) {
      synchronized (entry) {
        entry.phase = state;
        entry.ended = ended.toBuffer();
        if (!SagaPhases.STUCK.equals(state)) {
          // an ended saga is only read, never replayed: its request and answers would hold a
          // heap's worth of memory at 100,000 sagas (a sustained benchmark ran the JVM out of it)
          entry.events.clear();
          entry.header =
              new SagaHeader(sagaId, entry.header.route(), entry.header.caller(), Map.of(), null);
        }
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<SagaRecord> load(String sagaId) {
    Entry entry = sagas.getIfPresent(sagaId);
    return Future.succeededFuture(entry == null ? null : entry.record());
  }

  @Override
  public Future<Void> renew(Collection<String> sagaIds) {
    return Future.succeededFuture();
  }

  @Override
  public Future<List<String>> claimAbandoned(int max) {
    return Future.succeededFuture(List.of()); // nothing outlives the process that ran it
  }

  @Override
  public Future<Boolean> reopen(String sagaId) {
    Entry entry = sagas.getIfPresent(sagaId);
    if (entry == null) {
      return Future.succeededFuture(false);
    }
    synchronized (entry) {
      if (!SagaPhases.STUCK.equals(entry.phase)) {
        return Future.succeededFuture(false);
      }
      entry.phase = SagaPhases.COMPENSATING;
      entry.ended = null;
      return Future.succeededFuture(true);
    }
  }

  @Override
  public Future<List<JsonObject>> list(String state, int max) {
    List<Entry> matching = new ArrayList<>();
    for (Entry entry : sagas.asMap().values()) {
      synchronized (entry) {
        if (entry.phase.equals(state)) {
          matching.add(entry);
        }
      }
    }
    matching.sort(Comparator.comparingLong((Entry e) -> e.openedMillis).reversed());
    return Future.succeededFuture(
        matching.stream().limit(max).map(e -> e.record().view()).toList());
  }

  @Override
  public void close() {}
}
