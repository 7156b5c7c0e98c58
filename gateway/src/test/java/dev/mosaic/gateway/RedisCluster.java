package dev.mosaic.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A Redis Cluster of the test's own: masters with a replica each, from redis-server on free ports
 * (and their bus ports, +10000), joined by {@code redis-cli --cluster create}, ready once every
 * node says {@code cluster_state:ok}. A short node timeout, so a killed master's replica takes over
 * within seconds. Skipped with a message when redis-server or redis-cli is missing.
 */
public final class RedisCluster implements AutoCloseable {

  static final int NODE_TIMEOUT_MILLIS = 1_000;

  private final Path dir;
  private final Map<Integer, Process> nodes = new LinkedHashMap<>();

  private RedisCluster(Path dir) {
    this.dir = dir;
  }

  /**
   * @param masters how many masters; each gets one replica
   */
  public static RedisCluster startOrSkip(Path dir, int masters) throws Exception {
    String server = onPath("redis-server");
    String cli = onPath("redis-cli");
    Assumptions.assumeTrue(
        server != null && cli != null,
        "redis-server and redis-cli are needed on PATH to start a Redis Cluster: skipped");
    RedisCluster cluster = new RedisCluster(dir);
    try {
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < masters * 2; i++) {
        int port = freePortWithBus();
        cluster.launch(server, port);
        addresses.add("127.0.0.1:" + port);
      }
      for (int port : cluster.nodes.keySet()) {
        GatewayHarness.eventually(
            Duration.ofSeconds(10),
            "redis-server on " + port + " answers PING",
            () -> GatewayHarness.holds(() -> cluster.cli(port, "PING").trim().equals("PONG")));
      }
      List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
      create.addAll(addresses);
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      String created = run(create, Duration.ofSeconds(30));
      if (!created.contains("[OK] All 16384 slots covered")) {
        throw new AssertionError("redis-cli --cluster create: " + created);
      }
      cluster.awaitOk(Duration.ofSeconds(20));
      cluster.awaitReplicasLinked(Duration.ofSeconds(20));
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  private void launch(String binary, int port) throws IOException {
    Path nodeDir = Files.createDirectories(dir.resolve("redis-" + port));
    Process process =
        new ProcessBuilder(
                binary,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                nodeDir.resolve("nodes.conf").toString(),
                "--cluster-node-timeout",
                Integer.toString(NODE_TIMEOUT_MILLIS),
                // the other masters' slots keep serving while one is failed over
                "--cluster-require-full-coverage",
                "no",
                // a replica whose link was slow to come up on a loaded machine must still take
                // over: with the default factor it judges its data too old and never does
                "--cluster-replica-validity-factor",
                "0",
                "--dir",
                nodeDir.toString(),
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(nodeDir.resolve("redis.log").toFile())
            .start();
    nodes.put(port, process);
  }

  /** {@code redis-cluster://} with every node as a seed. */
  public String url() {
    return "redis-cluster://"
        + nodes.keySet().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
  }

  /** One command through redis-cli against one node; its whole output. */
  public String cli(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return run(command, Duration.ofSeconds(10));
  }

  /** The port of the master that serves {@code key}'s slot now. */
  public int masterOf(String key) throws IOException, InterruptedException {
    int any = alive().get(0);
    int slot = Integer.parseInt(cli(any, "CLUSTER", "KEYSLOT", key).trim());
    for (String line : cli(any, "CLUSTER", "NODES").split("\n")) {
      String[] fields = line.trim().split(" ");
      if (fields.length < 9 || !fields[2].contains("master") || fields[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < fields.length; i++) {
        String[] range = fields[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          return Integer.parseInt(
              fields[1].substring(fields[1].indexOf(':') + 1, indexOfAt(fields[1])));
        }
      }
    }
    throw new AssertionError("no master serves slot " + slot);
  }

  private static int indexOfAt(String address) {
    int at = address.indexOf('@');
    return at < 0 ? address.length() : at;
  }

  /** SIGKILL to the node on {@code port}. */
  public void kill(int port) throws InterruptedException {
    Process process = nodes.get(port);
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  private List<Integer> alive() {
    return nodes.entrySet().stream()
        .filter(e -> e.getValue().isAlive())
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Until every live node says the cluster is whole (after a failover too). */
  public void awaitOk(Duration within) throws InterruptedException {
    GatewayHarness.eventually(
        within,
        "cluster_state:ok on every live node",
        () ->
            GatewayHarness.holds(
                () -> {
                  for (int port : alive()) {
                    if (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                      return false;
                    }
                  }
                  return true;
                }));
  }

  /** Until every replica has finished its first sync: before that it cannot take over. */
  private void awaitReplicasLinked(Duration within) throws InterruptedException {
    GatewayHarness.eventually(
        within,
        "every replica's link to its master is up",
        () ->
            GatewayHarness.holds(
                () -> {
                  for (int port : alive()) {
                    String replication = cli(port, "INFO", "replication");
                    if (replication.contains("role:slave")
                        && !replication.contains("master_link_status:up")) {
                      return false;
                    }
                  }
                  return true;
                }));
  }

  /** The last lines each node logged, for a failure message. */
  public String logTails(int lines) throws IOException {
    StringBuilder tails = new StringBuilder();
    for (int port : nodes.keySet()) {
      List<String> log = Files.readAllLines(dir.resolve("redis-" + port).resolve("redis.log"));
      tails.append("\n--- redis ").append(port).append('\n');
      tails.append(String.join("\n", log.subList(Math.max(0, log.size() - lines), log.size())));
    }
    return tails.toString();
  }

  private static String run(List<String> command, Duration within)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish within " + within);
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** A port whose cluster bus port (+10000) is free too. */
  private static int freePortWithBus() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      if (port + 10_000 > 65_535) {
        continue;
      }
      try (ServerSocket bus = new ServerSocket(port + 10_000)) {
        return port;
      } catch (IOException taken) {
        // another one
      }
    }
    throw new IOException("no free port with a free bus port");
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : nodes.values()) {
      process.destroyForcibly();
    }
    for (Process process : nodes.values()) {
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
