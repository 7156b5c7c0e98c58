package dev.mosaic.gateway.saga;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's own {@code Idempotency-Key} on a saga endpoint: the first request with a key runs the
 * saga; a repeat with the same request gets the first one's answer (waiting for it while it still
 * runs), never a second run; the same key with a different request is refused. Shared by every
 * event loop of this process; each waiter is answered on its own loop.
 *
 * <p>Kept in this process only, for {@link #KEEP} (bounded): a restart forgets the keys, and two
 * gateway instances do not share them yet (a Redis store is the next step of issue 15).
 */
public final class IdempotentRequests {

  public static final Duration KEEP = Duration.ofHours(24);
  private static final long MAX_KEYS = 100_000;

  /** An answer as sent, kept to be sent again. */
  public record StoredAnswer(int status, String contentType, Buffer body, String sagaId) {}

  /** What a request with a key is to do. */
  public sealed interface Claim {
    /** The first with this key: run, then {@link Entry#done} with the answer. */
    record Run(Entry entry) implements Claim {
      /** The key's entry name: route, caller and the client's key. */
      public String key() {
        return entry.key;
      }
    }

    /** A repeat: send this answer again. */
    record Replay(StoredAnswer answer) implements Claim {}

    /** The key was used for a different request. */
    record Mismatch() implements Claim {}
  }

  private final Cache<String, Entry> entries =
      Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(KEEP).build();

  /**
   * @param key the route, the caller's identity when there is one, and the client's key
   * @param fingerprint what makes two requests the same request (method, path, query, body)
   */
  public Future<Claim> claim(String key, String fingerprint) {
    Entry mine = new Entry(key, fingerprint);
    Entry existing = entries.asMap().putIfAbsent(key, mine);
    if (existing == null) {
      return Future.succeededFuture(new Claim.Run(mine));
    }
    if (!existing.fingerprint.equals(fingerprint)) {
      return Future.succeededFuture(new Claim.Mismatch());
    }
    return existing.answer().map(Claim.Replay::new);
  }

  /** One key's first request and, once it has answered, its answer. */
  public final class Entry {
    private final String key;
    private final String fingerprint;
    private final List<Promise<StoredAnswer>> waiting = new ArrayList<>();
    private final List<Context> contexts = new ArrayList<>();
    private StoredAnswer answer;

    private Entry(String key, String fingerprint) {
      this.key = key;
      this.fingerprint = fingerprint;
    }

    /**
     * The first request did nothing (its saga could not start): the repeats waiting get its answer,
     * and the key is free again for a retry to run.
     */
    public void abandon(StoredAnswer stored) {
      entries.asMap().remove(key, this);
      done(stored);
    }

    /** The first request answered: its repeats get {@code stored}. */
    public void done(StoredAnswer stored) {
      List<Promise<StoredAnswer>> promises;
      List<Context> on;
      synchronized (this) {
        answer = stored;
        promises = List.copyOf(waiting);
        on = List.copyOf(contexts);
        waiting.clear();
        contexts.clear();
      }
      for (int i = 0; i < promises.size(); i++) {
        Promise<StoredAnswer> promise = promises.get(i);
        on.get(i).runOnContext(v -> promise.complete(stored));
      }
    }

    private Future<StoredAnswer> answer() {
      synchronized (this) {
        if (answer == null) {
          Promise<StoredAnswer> promise = Promise.promise();
          waiting.add(promise);
          contexts.add(Vertx.currentContext());
          return promise.future();
        }
        return Future.succeededFuture(answer);
      }
    }
  }
}
