package dev.mosaic.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads JFR recordings taken under load (benchmarks/profile.sh) and writes, in Markdown, where the
 * event loops' CPU samples and the allocations went: top self frames, samples and bytes by owning
 * library, and the Mosaic classes nearest to them. Each recording is named and carries the number
 * of requests served while it ran, so allocation reads as bytes per request and two recordings
 * (Mosaic and the floor) sit side by side.
 *
 * <p>{@code java -cp mosaic-bench.jar dev.mosaic.bench.profile.ProfileReport
 * LABEL=FILE.jfr:REQUESTS ...}
 */
public final class ProfileReport {

  private static final int TOP = 25;

  private ProfileReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: ProfileReport LABEL=FILE.jfr:REQUESTS ...");
      System.exit(2);
    }
    List<Profile> profiles = new ArrayList<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      int colon = arg.lastIndexOf(':');
      if (eq < 1 || colon < eq) {
        System.err.println("not LABEL=FILE.jfr:REQUESTS: " + arg);
        System.exit(2);
      }
      profiles.add(
          Profile.read(
              arg.substring(0, eq),
              Path.of(arg.substring(eq + 1, colon)),
              Long.parseLong(arg.substring(colon + 1))));
    }
    StringBuilder out = new StringBuilder();
    for (Profile profile : profiles) {
      profile.write(out);
    }
    System.out.print(out);
  }

  /** One recording's tallies. */
  private static final class Profile {
    private final String label;
    private final long requests;
    private long loopSamples;
    private long allocatedBytes;
    private final Map<Long, long[]> loopAllocatedRange = new HashMap<>();
    private final Map<Long, Boolean> threadsSampled = new HashMap<>();
    private final Map<String, Long> selfFrames = new HashMap<>();
    private final Map<String, Long> sampleOwners = new HashMap<>();
    private final Map<String, Long> sampleMosaicClasses = new HashMap<>();
    private final Map<String, Long> allocationSites = new HashMap<>();
    private final Map<String, Long> allocationOwners = new HashMap<>();
    private final Map<String, Long> allocatedTypes = new HashMap<>();
    private final Map<String, Long> allocationMosaicMethods = new HashMap<>();

    private Profile(String label, long requests) {
      this.label = label;
      this.requests = requests;
    }

    static Profile read(String label, Path file, long requests) throws IOException {
      Profile profile = new Profile(label, requests);
      try (RecordingFile recording = new RecordingFile(file)) {
        while (recording.hasMoreEvents()) {
          RecordedEvent event = recording.readEvent();
          String type = event.getEventType().getName();
          if (type.equals("jdk.ExecutionSample")) {
            profile.sample(event);
          } else if (type.equals("jdk.ObjectAllocationSample")) {
            profile.allocation(event);
          } else if (type.equals("jdk.ThreadAllocationStatistics")) {
            profile.allocationStatistics(event);
          }
        }
      }
      return profile;
    }

    private void sample(RecordedEvent event) {
      RecordedThread thread = event.getThread("sampledThread");
      RecordedStackTrace stack = event.getStackTrace();
      // the event loops are where a request's CPU is spent; workers and the JIT are not per request
      if (thread == null || stack == null || !isEventLoop(thread.getJavaName())) {
        return;
      }
      List<RecordedFrame> frames = stack.getFrames();
      if (frames.isEmpty()) {
        return;
      }
      loopSamples++;
      selfFrames.merge(method(frames.get(0)), 1L, Long::sum);
      sampleOwners.merge(Owner.of(frames), 1L, Long::sum);
      String mosaic = Owner.nearestMosaicClass(frames);
      if (mosaic != null) {
        sampleMosaicClasses.merge(mosaic, 1L, Long::sum);
      }
    }

    private void allocation(RecordedEvent event) {
      RecordedStackTrace stack = event.getStackTrace();
      RecordedThread thread = event.getThread();
      if (stack == null || stack.getFrames().isEmpty() || thread == null) {
        return;
      }
      // a thread's first sample weighs everything it allocated since it started, long before the
      // recording: only the samples after it stand for the recorded interval
      if (threadsSampled.put(thread.getJavaThreadId(), Boolean.TRUE) == null) {
        return;
      }
      // weight is JFR's estimate of the bytes this sample stands for, so the sum estimates the
      // total
      long weight = event.getLong("weight");
      List<RecordedFrame> frames = stack.getFrames();
      String objectClass = event.getClass("objectClass").getName();
      allocatedBytes += weight;
      allocatedTypes.merge(objectClass, weight, Long::sum);
      allocationOwners.merge(Owner.of(frames), weight, Long::sum);
      allocationSites.merge(
          objectClass + " ← " + method(Owner.nearestOutsideJdk(frames)), weight, Long::sum);
      RecordedFrame mosaic = Owner.nearestMosaicFrame(frames);
      if (mosaic != null) {
        allocationMosaicMethods.merge(method(mosaic), weight, Long::sum);
      }
    }

    /** Exact bytes per event loop over the recording: the last reading minus the first. */
    private void allocationStatistics(RecordedEvent event) {
      RecordedThread thread = event.getThread("thread");
      if (thread == null || !isEventLoop(thread.getJavaName())) {
        return;
      }
      long allocated = event.getLong("allocated");
      loopAllocatedRange.merge(
          thread.getJavaThreadId(),
          new long[] {allocated, allocated},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }

    private long loopAllocated() {
      return loopAllocatedRange.values().stream().mapToLong(r -> r[1] - r[0]).sum();
    }

    private static boolean isEventLoop(String threadName) {
      return threadName != null && threadName.contains("eventloop");
    }

    private static String method(RecordedFrame frame) {
      if (frame == null) {
        return "(JDK only)";
      }
      String type = frame.getMethod().getType().getName();
      return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    void write(StringBuilder out) {
      out.append("## ").append(label).append("\n\n");
      out.append(
          String.format(
              Locale.ROOT,
              "%,d event-loop samples; %,d requests; the event loops allocated %.1f KB per"
                  + " request (JFR's thread statistics); the tables below share out JFR's"
                  + " allocation samples of every thread%n%n",
              loopSamples,
              requests,
              requests == 0 ? 0.0 : loopAllocated() / 1024.0 / requests));
      table(out, "event-loop samples by owner", sampleOwners, loopSamples, false);
      table(out, "top self frames", selfFrames, loopSamples, false);
      table(
          out,
          "samples by nearest Mosaic class (inclusive of what it called)",
          sampleMosaicClasses,
          loopSamples,
          false);
      table(out, "allocation by owner", allocationOwners, allocatedBytes, true);
      table(out, "allocation by type", allocatedTypes, allocatedBytes, true);
      table(
          out,
          "allocation by nearest Mosaic method (inclusive of what it called)",
          allocationMosaicMethods,
          allocatedBytes,
          true);
      table(
          out,
          "allocation by site (type ← nearest non-JDK frame)",
          allocationSites,
          allocatedBytes,
          true);
    }

    private void table(
        StringBuilder out, String title, Map<String, Long> tally, long total, boolean bytes) {
      if (tally.isEmpty()) {
        return;
      }
      out.append("### ").append(title).append("\n\n| | share |");
      out.append(bytes ? " bytes per request |\n|---|---:|---:|\n" : "\n|---|---:|\n");
      tally.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(TOP)
          .forEach(
              e -> {
                out.append(
                    String.format(
                        Locale.ROOT,
                        "| `%s` | %.1f%% |",
                        e.getKey(),
                        100.0 * e.getValue() / Math.max(1, total)));
                if (bytes) {
                  out.append(
                      String.format(
                          Locale.ROOT,
                          " %,.0f |",
                          requests == 0 ? 0.0 : (double) e.getValue() / requests));
                }
                out.append('\n');
              });
      out.append('\n');
    }
  }
}
