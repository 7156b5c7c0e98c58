package dev.mosaic.gateway.reload;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file by reading it every {@code periodMillis} on a worker thread, and reloads
 * once a change has settled: the same new text on two reads in a row, so an editor's or a
 * deployment's write in progress is not compiled half-done (a half-written file that stays so is
 * still rejected by the compiler). Polling rather than a WatchService: it sees a file replaced by
 * rename, through a symlink swap (Kubernetes ConfigMaps) or on a network mount alike.
 *
 * <p>The files the running config names (its secrets, its certificates) are polled with it, as a
 * digest: a rotated secret or certificate is reloaded like an edited config.
 *
 * <p>A poll reads the files only when a stat of them changed (size, modification time, inode), and
 * in any case every {@value #FULL_READ_EVERY}th poll, for a file system whose clock is too coarse
 * to tell two writes in one tick apart: reading them four times a second was half of an idle
 * gateway's CPU.
 */
public final class ConfigWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Vertx vertx;
  private final Path file;
  private final ConfigReloader reloader;
  private final long timer;
  private Snapshot seen;
  private Snapshot pending;
  private boolean polling;
  private boolean closed;

  static final int FULL_READ_EVERY = 20;

  // used by one worker thread at a time: a poll is submitted after the last one's result came
  // back to the event loop, and each hand-over (completion, submission) orders the writes
  private String signatureRead;
  private Snapshot lastRead;
  private int pollsSinceFullRead;

  private ConfigWatcher(
      Vertx vertx, ConfigReloader reloader, String initialText, long periodMillis) {
    this.vertx = vertx;
    this.file = reloader.file();
    this.reloader = reloader;
    this.seen = new Snapshot(initialText, null);
    this.pending = seen;
    this.timer = vertx.setPeriodic(periodMillis, id -> poll());
  }

  /**
   * @param initialText the text the running config was compiled from
   */
  public static ConfigWatcher start(
      Vertx vertx, ConfigReloader reloader, String initialText, long periodMillis) {
    return new ConfigWatcher(vertx, reloader, initialText, periodMillis);
  }

  /** The config's text and a digest of the files it names; null text when it cannot be read. */
  private record Snapshot(String text, String files) {}

  private void poll() {
    if (polling || closed) {
      return;
    }
    polling = true;
    vertx
        .executeBlocking(this::read, false)
        .onComplete(
            read -> {
              polling = false;
              if (read.failed()) {
                LOG.warn(
                    "config watch: reading {} and the files it names failed", file, read.cause());
                return;
              }
              Snapshot now = read.result();
              if (seen.files() == null) {
                // The first poll learns what the files hold. They may have changed since the
                // running config
                // was compiled: a reload settles it (an unchanged result costs a compile and says
                // nothing).
                seen = new Snapshot(seen.text(), now.files());
                pending = seen;
                if (!closed && !reloader.filesBeside().isEmpty()) {
                  reloader.reload("secret or certificate file check");
                }
              }
              if (closed || now.equals(seen)) {
                pending = now;
                return;
              }
              if (!now.equals(pending)) {
                pending = now; // changed since the last read: wait for it to settle
                return;
              }
              String trigger =
                  now.text() == null
                      ? "config file removed"
                      : !Objects.equals(now.text(), seen.text())
                          ? "config file changed"
                          : "secret or certificate file changed";
              seen = now;
              reloader.reload(trigger);
            });
  }

  private Snapshot read() {
    List<Path> watched = new ArrayList<>();
    watched.add(file);
    watched.addAll(reloader.filesBeside());
    String signature = FilesBeside.signature(watched);
    Snapshot last = lastRead;
    if (last != null
        && signature != null
        && signature.equals(signatureRead)
        && ++pollsSinceFullRead < FULL_READ_EVERY) {
      return last;
    }
    pollsSinceFullRead = 0;
    Snapshot now = readFully();
    signatureRead = signature;
    lastRead = now;
    return now;
  }

  private Snapshot readFully() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = null; // gone, or mid-replacement
    }
    return new Snapshot(text, FilesBeside.digest(reloader.filesBeside()));
  }

  @Override
  public void close() {
    closed = true;
    vertx.cancelTimer(timer);
  }
}
