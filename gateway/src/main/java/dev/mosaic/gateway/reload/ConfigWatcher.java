package dev.mosaic.gateway.reload;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Watches the config file by reading it every {@code periodMillis} on a worker thread, and reloads
 * once a change has settled: the same new text on two reads in a row, so an editor's or a
 * deployment's write in progress is not compiled half-done (a half-written file that stays so is
 * still rejected by the compiler). Polling rather than a WatchService: it sees a file replaced by
 * rename, through a symlink swap (Kubernetes ConfigMaps) or on a network mount alike.
 */
public final class ConfigWatcher implements AutoCloseable {

  private final Vertx vertx;
  private final Path file;
  private final ConfigReloader reloader;
  private final long timer;
  private String seen;
  private String pending;
  private boolean polling;
  private boolean closed;

  private ConfigWatcher(Vertx vertx, ConfigReloader reloader, String initialText, long periodMillis) {
    this.vertx = vertx;
    this.file = reloader.file();
    this.reloader = reloader;
    this.seen = initialText;
    this.pending = initialText;
    this.timer = vertx.setPeriodic(periodMillis, id -> poll());
  }

  /** @param initialText the text the running config was compiled from */
  public static ConfigWatcher start(Vertx vertx, ConfigReloader reloader, String initialText, long periodMillis) {
    return new ConfigWatcher(vertx, reloader, initialText, periodMillis);
  }

  private void poll() {
    if (polling || closed) {
      return;
    }
    polling = true;
    vertx.executeBlocking(this::read, false).onComplete(read -> {
      polling = false;
      String text = read.result();
      if (closed || Objects.equals(text, seen)) {
        pending = text;
        return;
      }
      if (!Objects.equals(text, pending)) {
        pending = text; // changed since the last read: wait for it to settle
        return;
      }
      seen = text;
      reloader.reload(text == null ? "config file removed" : "config file changed");
    });
  }

  /** The file's text, or null when it cannot be read (gone, or mid-replacement). */
  private String read() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }
}
