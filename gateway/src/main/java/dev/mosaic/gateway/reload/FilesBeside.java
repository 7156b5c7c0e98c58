package dev.mosaic.gateway.reload;

import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.PemFile;
import dev.mosaic.rules.plan.ServicePlan;
import dev.mosaic.rules.plan.TlsTermination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a config names besides itself: the secrets source and the PEM files of server and
 * services. A reload compares what they held; the watcher polls them with the config file.
 */
final class FilesBeside {

  private FilesBeside() {}

  /** Whether two plans were compiled from the same secrets and certificates. */
  static boolean same(GatewayPlan a, GatewayPlan b) {
    if (!a.server().secretsAndTls().equals(b.server().secretsAndTls())) {
      return false;
    }
    List<Object> before = new ArrayList<>();
    a.services().values().forEach(s -> before.add(s.tls()));
    List<Object> after = new ArrayList<>();
    b.services().values().forEach(s -> after.add(s.tls()));
    return before.equals(after);
  }

  static List<Path> of(GatewayPlan plan) {
    List<Path> files = new ArrayList<>();
    String secrets = plan.server().secretsAndTls().secrets().source();
    if (secrets != null) {
      files.add(Path.of(secrets));
    }
    TlsTermination tls = plan.server().secretsAndTls().tls();
    if (tls != null) {
      add(files, tls.cert());
      add(files, tls.key());
    }
    for (ServicePlan service : plan.services().values()) {
      if (service.tls() != null) {
        add(files, service.tls().ca());
        add(files, service.tls().cert());
        add(files, service.tls().key());
      }
    }
    return files;
  }

  private static void add(List<Path> files, PemFile pem) {
    if (pem != null) {
      files.add(Path.of(pem.path()));
    }
  }

  /**
   * A digest of what the files (a directory: each of its files) hold now, so the watcher keeps no
   * secret's text between polls. Blocking: a worker thread only.
   */
  static String digest(List<Path> files) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Path file : files) {
      for (Path each : expand(file)) {
        digest.update(each.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
          digest.update((byte) 1);
          digest.update(Files.readAllBytes(each));
        } catch (IOException e) {
          digest.update((byte) 0); // gone or unreadable: a state of its own
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * A directory's visible files (Kubernetes' ..data links are followed through the names), sorted.
   */
  /**
   * What a stat says of {@code files} (each directory's files too): paths, sizes, modification
   * times and inodes, or null when one cannot be read. Equal signatures mean nothing was written or
   * replaced (a rename or a symlink swap changes the inode), so the watcher need not read them.
   * Blocking: a worker thread only.
   */
  static String signature(List<Path> files) {
    StringBuilder signature = new StringBuilder();
    for (Path file : files) {
      for (Path each : expand(file)) {
        try {
          java.nio.file.attribute.BasicFileAttributes attributes =
              Files.readAttributes(each, java.nio.file.attribute.BasicFileAttributes.class);
          signature
              .append(each)
              .append('|')
              .append(attributes.size())
              .append('|')
              .append(attributes.lastModifiedTime().toInstant())
              .append('|')
              .append(attributes.fileKey())
              .append('\n');
        } catch (IOException e) {
          return null;
        }
      }
    }
    return signature.toString();
  }

  private static List<Path> expand(Path file) {
    if (!Files.isDirectory(file)) {
      return List.of(file);
    }
    try (Stream<Path> listed = Files.list(file)) {
      return listed
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of(file);
    }
  }
}
