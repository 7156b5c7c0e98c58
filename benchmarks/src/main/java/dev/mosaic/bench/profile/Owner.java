package dev.mosaic.bench.profile;

import java.util.List;
import jdk.jfr.consumer.RecordedFrame;

/**
 * Which library a stack belongs to: the owner of its nearest frame outside the JDK. A HashMap
 * resize called from Mosaic's executor is Mosaic's cost, not the JDK's, and reading it that way is
 * what makes Mosaic's and the floor's profiles comparable (the floor spends nearly everything in
 * Netty and Vert.x core, so their share is the yardstick).
 */
final class Owner {

  private static final String[][] OWNERS = {
    {"io.netty.", "Netty"},
    {"io.vertx.ext.web.", "vertx-web"},
    {"io.vertx.core.", "Vert.x core"},
    {"io.vertx.", "Vert.x other"},
    {"com.fasterxml.jackson.", "Jackson"},
    {"io.micrometer.", "Micrometer"},
    {"com.dashjoin.", "JSONata"},
    {"dev.mosaic.rules.", "Mosaic rules"},
    {"dev.mosaic.gateway.", "Mosaic gateway"},
    {"dev.mosaic.bench.", "floor"},
  };

  private Owner() {}

  static String of(List<RecordedFrame> frames) {
    RecordedFrame frame = nearestOutsideJdk(frames);
    if (frame == null) {
      return "JDK";
    }
    String type = frame.getMethod().getType().getName();
    for (String[] owner : OWNERS) {
      if (type.startsWith(owner[0])) {
        return owner[1];
      }
    }
    return type.substring(0, Math.max(0, type.lastIndexOf('.')));
  }

  static RecordedFrame nearestOutsideJdk(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      if (frame.isJavaFrame() && !isJdk(frame.getMethod().getType().getName())) {
        return frame;
      }
    }
    return null;
  }

  static RecordedFrame nearestMosaicFrame(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      if (frame.getMethod().getType().getName().startsWith("dev.mosaic.")) {
        return frame;
      }
    }
    return null;
  }

  /**
   * The simple name of the Mosaic class nearest the top of the stack, or null when none is on it.
   */
  static String nearestMosaicClass(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      if (type.startsWith("dev.mosaic.")) {
        int nested = type.indexOf('$');
        String outer = nested < 0 ? type : type.substring(0, nested);
        return outer.substring(outer.lastIndexOf('.') + 1);
      }
    }
    return null;
  }

  private static boolean isJdk(String type) {
    return type.startsWith("java.")
        || type.startsWith("jdk.")
        || type.startsWith("sun.")
        || type.startsWith("com.sun.");
  }
}
