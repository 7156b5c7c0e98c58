package dev.mosaic.gateway.view;

import dev.mosaic.gateway.event.StreamPosition;
import dev.mosaic.gateway.time.Timeouts;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where views outlive the process and are shared between gateways (the second tier), with the last
 * event position of every tag, so a view loaded from it is known to be fresh or not. {@link #NONE}
 * when events are in-process: this process's table is then the only store.
 */
public interface ViewStore {

  /**
   * Within the read budget, on the caller's event loop.
   *
   * @return the view when it is stored and no event after its position names its tags, else null
   *     (also on an error or past the budget)
   */
  Future<StoredView> load(String key, List<String> tags, Timeouts timeouts);

  /** Stores a view unless a newer one is stored; nobody waits for it. */
  void save(StoredView view);

  /** Records that an event at {@code position} names {@code tags}; before it is acknowledged. */
  Future<Void> changed(List<String> tags, StreamPosition position);

  void close();

  ViewStore NONE =
      new ViewStore() {
        @Override
        public Future<StoredView> load(String key, List<String> tags, Timeouts timeouts) {
          return Future.succeededFuture();
        }

        @Override
        public void save(StoredView view) {}

        @Override
        public Future<Void> changed(List<String> tags, StreamPosition position) {
          return Future.succeededFuture();
        }

        @Override
        public void close() {}
      };
}
