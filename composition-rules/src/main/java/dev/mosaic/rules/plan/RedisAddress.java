package dev.mosaic.rules.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a Redis is: one server ({@code redis://[:password@]host[:port][/db]}, {@code rediss://} for
 * TLS) or a Redis Cluster, named by some of its nodes ({@code
 * redis-cluster://[:password@]host:port,host:port}, {@code rediss-cluster://} for TLS). The plan
 * keeps the text; the gateway reads it again with {@link #parse} to open its clients.
 *
 * @param cluster whether {@link #nodes} are seeds of a Redis Cluster
 * @param nodes one {@code redis://} URL per node (one for a single server)
 */
public record RedisAddress(boolean cluster, List<String> nodes) {

  private static final String CLUSTER_SUFFIX = "-cluster://";

  public RedisAddress {
    nodes = List.copyOf(nodes);
  }

  /**
   * @throws IllegalArgumentException why {@code text} names no Redis (with any password masked)
   */
  public static RedisAddress parse(String text) {
    int cluster = text.indexOf(CLUSTER_SUFFIX);
    if (cluster < 0) {
      return new RedisAddress(false, List.of(single(text)));
    }
    String scheme = text.substring(0, cluster); // which schemes: the config schema says
    String rest = text.substring(cluster + CLUSTER_SUFFIX.length());
    int at = rest.lastIndexOf('@');
    String userinfo = at < 0 ? "" : rest.substring(0, at + 1);
    String hosts = rest.substring(at + 1);
    if (hosts.isBlank()) {
      throw new IllegalArgumentException(
          "'" + masked(text) + "' names no node: expected " + CLUSTER_FORM);
    }
    List<String> nodes = new ArrayList<>();
    for (String host : hosts.split(",", -1)) {
      String node = scheme + "://" + userinfo + host.trim();
      if (host.isBlank() || host.contains("/") || !parses(node)) {
        throw new IllegalArgumentException(
            "'"
                + masked(text)
                + "': '"
                + host.trim()
                + "' is not host:port (a cluster has no database number): expected "
                + CLUSTER_FORM);
      }
      nodes.add(node);
    }
    return new RedisAddress(true, nodes);
  }

  /**
   * The cluster a YAML list of {@code redis://} node URLs names, as the one-line form.
   *
   * @throws IllegalArgumentException why not, naming the item at fault by its index
   */
  public static String clusterOf(List<String> nodeUrls) {
    if (nodeUrls.isEmpty()) {
      throw new IllegalArgumentException(
          "an empty list names no Redis: list the cluster's nodes as redis://host:port");
    }
    String scheme = null;
    String userinfo = null;
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < nodeUrls.size(); i++) {
      String url = nodeUrls.get(i);
      if (url.contains(CLUSTER_SUFFIX)) {
        throw new ClusterItemException(
            i,
            "'" + masked(url) + "' inside a list: a list is a cluster already, of redis:// nodes");
      }
      URI uri;
      try {
        uri = new URI(single(url));
      } catch (IllegalArgumentException | URISyntaxException e) {
        throw new ClusterItemException(i, e.getMessage());
      }
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
        throw new ClusterItemException(
            i, "'" + masked(url) + "' is not a node's URL: expected redis://[:password@]host:port");
      }
      if (uri.getPath() != null && !uri.getPath().isEmpty()) {
        throw new ClusterItemException(
            i, "'" + masked(url) + "': a cluster node has no database number (only db 0 exists)");
      }
      String itsUserinfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@";
      if (scheme == null) {
        scheme = uri.getScheme();
        userinfo = itsUserinfo;
      } else if (!scheme.equals(uri.getScheme())) {
        throw new ClusterItemException(
            i,
            "'"
                + masked(url)
                + "' mixes "
                + uri.getScheme()
                + ":// with "
                + scheme
                + ":// in one cluster: every node is reached the same way");
      } else if (!userinfo.equals(itsUserinfo)) {
        throw new ClusterItemException(
            i, "'" + masked(url) + "': every node of one cluster takes the same password");
      }
      hosts.add(uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort()));
    }
    return scheme + CLUSTER_SUFFIX + userinfo + String.join(",", hosts);
  }

  /** {@code text} for a message or a log line: its password stays out. */
  public static String masked(String text) {
    return text.replaceAll("//[^@/]*@", "//***@");
  }

  private static final String CLUSTER_FORM =
      "redis-cluster://[:password@]host:port,host:port (or a list of redis:// node URLs)";

  private static boolean parses(String url) {
    try {
      single(url);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Checks one server's URL; returns it as written. */
  private static String single(String url) {
    String why =
        "'" + masked(url) + "' is not a Redis URL: expected redis://[:password@]host[:port][/db]";
    try {
      URI uri = new URI(url);
      String path = uri.getPath();
      if (uri.getHost() != null
          && uri.getPort() <= 65535
          && (path == null || path.isEmpty() || path.matches("/[0-9]{1,2}"))) {
        return url;
      }
    } catch (URISyntaxException e) {
      // the message below says what is expected
    }
    throw new IllegalArgumentException(why);
  }

  /** A list item that is not a cluster node's URL. */
  public static final class ClusterItemException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int index;

    ClusterItemException(int index, String message) {
      super(message);
      this.index = index;
    }

    public int index() {
      return index;
    }
  }
}
