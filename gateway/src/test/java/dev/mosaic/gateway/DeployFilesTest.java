package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.gateway.admin.HealthServer;
import dev.mosaic.rules.plan.GatewayPlan;
import dev.mosaic.rules.plan.LifecycleSettings;
import dev.mosaic.rules.plan.PlanCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/ says the same as the config and the CLI: the ports the pod opens and probes are the ones
 * deploy/gateway.yaml listens on, the probes ask the health listener's paths, the kubelet waits
 * longer than a drain takes, the config and secrets are mounted where the config and the image's
 * command look for them, and the image holds the jars the build makes.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of("..", "deploy");

  private static String read(String file) throws Exception {
    return Files.readString(DEPLOY.resolve(file), StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  private static <T> T at(Object tree, Object... path) {
    Object node = tree;
    for (Object step : path) {
      node =
          step instanceof Integer i
              ? ((List<Object>) node).get(i)
              : ((Map<String, Object>) node).get(step);
    }
    return (T) node;
  }

  private static GatewayPlan plan() throws Exception {
    return PlanCompiler.compile(
        DEPLOY.resolve("gateway.yaml").toString(),
        read("gateway.yaml"),
        DEPLOY,
        name -> null); // the defaults: what the manifests set or leave
  }

  private static long seconds(LifecycleSettings lifecycle) {
    return lifecycle.drainDelay().plus(lifecycle.shutdownGrace()).toSeconds();
  }

  @Test
  void theConfigMapHoldsTheConfigAsWritten() throws Exception {
    Map<String, Object> map = new Yaml().load(read("kubernetes/configmap.yaml"));
    assertEquals(read("gateway.yaml"), at(map, "data", "gateway.yaml"));
  }

  @Test
  void theDeploymentOpensProbesAndMountsWhatTheConfigUses() throws Exception {
    GatewayPlan plan = plan();
    Map<String, Object> deployment = new Yaml().load(read("kubernetes/deployment.yaml"));
    Map<String, Object> pod = at(deployment, "spec", "template", "spec");
    Map<String, Object> container = at(pod, "containers", 0);
    Map<String, Integer> ports = new java.util.HashMap<>();
    for (Map<String, Object> port :
        at(container, "ports") instanceof List<?> l
            ? (List<Map<String, Object>>) l
            : List.<Map<String, Object>>of()) {
      ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
    }
    assertEquals(plan.server().port(), ports.get("http"));
    assertEquals(plan.lifecycle().healthPort(), ports.get("health"));
    assertEquals(plan.server().adminPort(), ports.get("admin"));
    assertEquals(HealthServer.READY, at(container, "readinessProbe", "httpGet", "path"));
    assertEquals(HealthServer.READY, at(container, "startupProbe", "httpGet", "path"));
    assertEquals(HealthServer.LIVE, at(container, "livenessProbe", "httpGet", "path"));
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertEquals("health", at(container, probe, "httpGet", "port"), probe);
    }
    int grace = at(pod, "terminationGracePeriodSeconds");
    assertTrue(grace > seconds(plan.lifecycle()), grace + " s would cut a drain short");

    List<String> args = at(container, "args");
    assertEquals("run", args.get(0));
    Path configPath = Path.of(args.get(1));
    Map<String, String> mounts = new java.util.HashMap<>();
    for (Map<String, Object> mount : (List<Map<String, Object>>) at(container, "volumeMounts")) {
      mounts.put((String) mount.get("name"), (String) mount.get("mountPath"));
    }
    assertEquals(configPath.toString(), mounts.get("config"));
    Map<String, Object> written = new Yaml().load(read("gateway.yaml"));
    String secrets = at(written, "server", "secrets");
    assertEquals(configPath.getParent().resolve(secrets).toString(), mounts.get("secrets"));

    Map<String, Object> service = new Yaml().load(read("kubernetes/service.yaml"));
    assertEquals("http", at(service, "spec", "ports", 0, "targetPort"));
  }

  @Test
  void theImageHoldsTheBuiltJarsAndRunsTheMountedConfig() throws Exception {
    GatewayPlan plan = plan();
    String dockerfile = read("Dockerfile");
    String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
    Matcher finalName = Pattern.compile("<shade.finalName>([^<]+)<").matcher(pom);
    assertTrue(finalName.find());
    assertTrue(
        dockerfile.contains(
            "/src/gateway/target/" + finalName.group(1) + ".jar /opt/mosaic/mosaic.jar"),
        "the image copies the jar the build makes");
    assertTrue(dockerfile.contains("ENTRYPOINT [\"java\", \"-jar\", \"/opt/mosaic/mosaic.jar\"]"));
    Map<String, Object> deployment = new Yaml().load(read("kubernetes/deployment.yaml"));
    String configPath = at(deployment, "spec", "template", "spec", "containers", 0, "args", 1);
    assertTrue(dockerfile.contains("CMD [\"run\", \"" + configPath + "\"]"));
    assertTrue(dockerfile.contains("COPY deploy/gateway.yaml " + configPath));
    Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
    assertTrue(expose.find());
    List<Integer> exposed = new ArrayList<>();
    for (String port : expose.group(1).trim().split("\\s+")) {
      exposed.add(Integer.parseInt(port));
    }
    assertEquals(
        List.of(plan.server().port(), plan.lifecycle().healthPort(), plan.server().adminPort()),
        exposed);
    assertTrue(
        dockerfile.contains("/dev/tcp/127.0.0.1/" + plan.lifecycle().healthPort())
            && dockerfile.contains("GET " + HealthServer.READY),
        "the image's health check asks the health listener");
  }

  @Test
  void composeAndPrometheusReachTheConfiguredPorts() throws Exception {
    GatewayPlan plan = plan();
    Map<String, Object> compose = new Yaml().load(read("docker-compose.yaml"));
    List<String> published = at(compose, "services", "gateway", "ports");
    assertTrue(published.contains(plan.server().port() + ":" + plan.server().port()));
    assertTrue(
        published.contains(plan.lifecycle().healthPort() + ":" + plan.lifecycle().healthPort()));
    String grace = at(compose, "services", "gateway", "stop_grace_period");
    assertTrue(Integer.parseInt(grace.replace("s", "")) > seconds(plan.lifecycle()));
    Map<String, Object> prometheus = new Yaml().load(read("prometheus/prometheus.yml"));
    List<String> targets = at(prometheus, "scrape_configs", 0, "static_configs", 0, "targets");
    assertEquals(List.of("127.0.0.1:" + plan.server().adminPort()), targets);
    List<String> stubs = at(compose, "services", "stubs", "entrypoint");
    assertTrue(read("Dockerfile").contains(stubs.get(2)), "the stubs' jar is in the image");
  }
}
