package dev.mosaic.gateway.saga;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's own {@code Idempotency-Key} on a saga endpoint: the first request with a key runs the
 * saga; a repeat with the same request gets the first one's answer (waiting for it while it still
 * runs in this process), never a second run; the same key with a different request is refused.
 *
 * <p>With a shared log the keys are also claimed in Redis ({@link SharedKeys}), so a repeat that
 * reaches another instance, or this one restarted, finds the first saga: its stored answer, or,
 * while that saga still runs elsewhere, {@link Claim.InFlight}. Within the process, concurrent
 * repeats wait for the first request's claim and share its outcome; each waiter is answered on its
 * own event loop. Kept for {@link SagaStore#KEEP}, at most {@value #MAX_KEYS} in the process.
 */
public final class IdempotentRequests {

  private static final Logger LOG = LoggerFactory.getLogger(IdempotentRequests.class);
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

    /** The key's saga still runs on another instance (or is being finished after a crash). */
    record InFlight(String sagaId) implements Claim {}
  }

  private final Cache<String, Entry> entries =
      Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(SagaStore.KEEP).build();
  private final SharedKeys shared;

  /**
   * @param shared the keys every instance shares, or null to keep them in this process
   */
  IdempotentRequests(SharedKeys shared) {
    this.shared = shared;
  }

  /**
   * @param key the route, the caller's identity when there is one, and the client's key
   * @param fingerprint what makes two requests the same request (method, path, query, body)
   * @param sagaId the saga this request runs if it is the first
   * @return fails only when the shared keys cannot be reached (then nothing may run)
   */
  public Future<Claim> claim(String key, String fingerprint, String sagaId) {
    Entry mine = new Entry(key, fingerprint);
    Entry existing = entries.asMap().putIfAbsent(key, mine);
    if (existing != null) {
      return existing.fingerprint.equals(fingerprint)
          ? existing.forRepeat()
          : Future.succeededFuture(new Claim.Mismatch());
    }
    if (shared == null) {
      return Future.succeededFuture(new Claim.Run(mine));
    }
    return shared
        .claim(SharedKeys.redisKey(key), fingerprint, sagaId)
        .map(
            found -> {
              if (found instanceof SharedKeys.Found.Earlier earlier) {
                // an earlier saga holds the key: this process's repeats share what it says
                Claim claim = claimOf(earlier, fingerprint);
                entries.asMap().remove(key, mine);
                mine.settle(claim);
                return claim;
              }
              return (Claim) new Claim.Run(mine);
            })
        .onFailure(
            e -> {
              entries.asMap().remove(key, mine);
              mine.fail(e);
            });
  }

  private static Claim claimOf(SharedKeys.Found.Earlier earlier, String fingerprint) {
    if (!earlier.fingerprint().equals(fingerprint)) {
      return new Claim.Mismatch();
    }
    return earlier.answer() != null
        ? new Claim.Replay(earlier.answer())
        : new Claim.InFlight(earlier.sagaId());
  }

  /** Stores the answer of a saga finished by recovery under its client's key, when it had one. */
  void answeredAfterRecovery(String key, StoredAnswer answer) {
    if (shared != null && key != null) {
      shared
          .answered(SharedKeys.redisKey(key), answer)
          .onFailure(e -> LOG.warn("storing a recovered saga's answer failed: {}", e.toString()));
    }
  }

  /** One key's first request in this process, and what its repeats here are to do. */
  public final class Entry {
    private final String key;
    private final String fingerprint;
    private final List<Promise<Claim>> waiting = new ArrayList<>();
    private final List<Context> contexts = new ArrayList<>();
    private Claim forRepeats;
    private Throwable failure;

    private Entry(String key, String fingerprint) {
      this.key = key;
      this.fingerprint = fingerprint;
    }

    /**
     * The first request answered: its repeats get {@code stored}, here and elsewhere. The client is
     * to be answered once this completes (it never fails): a retry it sends the moment it has the
     * answer, to any instance, must find the answer stored rather than a saga "in flight".
     */
    public Future<Void> done(StoredAnswer stored, Timeouts timeouts) {
      settle(new Claim.Replay(stored));
      if (shared == null) {
        return Future.succeededFuture();
      }
      return shared
          .answered(SharedKeys.redisKey(key), stored, timeouts)
          .recover(
              e -> {
                LOG.warn(
                    "storing saga {}'s answer under its client's key failed (a repeat on"
                        + " another instance is told it is in flight): {}",
                    stored.sagaId(),
                    e.toString());
                return Future.succeededFuture();
              });
    }

    /**
     * The first request did nothing (its saga could not start): the repeats waiting here get its
     * answer, and the key is free again for a retry to run.
     */
    public void abandon(StoredAnswer stored) {
      entries.asMap().remove(key, this);
      settle(new Claim.Replay(stored));
      if (shared != null) {
        shared.release(SharedKeys.redisKey(key));
      }
    }

    /**
     * The saga went on elsewhere (taken over, or left to be finished from its log): repeats here
     * are told it is in flight, and the key stays the saga's, for its next owner to answer.
     */
    public void handedOver(String sagaId) {
      entries.asMap().remove(key, this);
      settle(new Claim.InFlight(sagaId));
    }

    private Future<Claim> forRepeat() {
      synchronized (this) {
        if (failure != null) {
          return Future.failedFuture(failure);
        }
        if (forRepeats != null) {
          return Future.succeededFuture(forRepeats);
        }
        Promise<Claim> promise = Promise.promise();
        waiting.add(promise);
        contexts.add(Vertx.currentContext());
        return promise.future();
      }
    }

    private void settle(Claim claim) {
      resolve(claim, null);
    }

    private void fail(Throwable e) {
      resolve(null, e);
    }

    private void resolve(Claim claim, Throwable e) {
      List<Promise<Claim>> promises;
      List<Context> on;
      synchronized (this) {
        forRepeats = claim;
        failure = e;
        promises = List.copyOf(waiting);
        on = new ArrayList<>(contexts);
        waiting.clear();
        contexts.clear();
      }
      for (int i = 0; i < promises.size(); i++) {
        Promise<Claim> promise = promises.get(i);
        Runnable complete =
            () -> {
              if (e == null) {
                promise.complete(claim);
              } else {
                promise.fail(e);
              }
            };
        Context context = on.get(i);
        if (context == null) {
          complete.run();
        } else {
          context.runOnContext(v -> complete.run());
        }
      }
    }
  }
}
