package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code services:} section into {@link ServicePlan}s. */
final class ServiceReader {

  private ServiceReader() {}

  /**
   * @param directory the config's directory, which relative TLS file paths start from
   */
  static Map<String, ServicePlan> read(
      ConfigNode.MapNode services, Problems problems, SecretReader secrets, Path directory) {
    Map<String, ServicePlan> plans = new LinkedHashMap<>();
    if (services == null) {
      return plans;
    }
    for (ConfigNode.Entry entry : services.entries()) {
      if (!(entry.value() instanceof ConfigNode.MapNode node)) {
        continue;
      }
      Fields f = new Fields(node, problems);
      List<ServiceAddress> instances = addresses(node, problems);
      if (instances.isEmpty()) {
        // still registered, so calls naming it are not also reported as unknown services
        instances = List.of(new ServiceAddress(false, "127.0.0.1", 1));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      Set<String> secretHeaders = new HashSet<>();
      ConfigNode.MapNode headerNodes = f.map("headers");
      if (headerNodes != null) {
        for (ConfigNode.Entry h : headerNodes.entries()) {
          if (h.value() instanceof ConfigNode.ScalarNode s && s.value() instanceof String text) {
            if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
              problems.add(
                  h.value().position(),
                  "header " + h.key() + ": a value cannot contain a line break");
            } else if (HeaderRules.reservedForTheGateway(h.key())) {
              problems.add(h.keyPosition(), HeaderRules.reservedMessage(h.key()));
            } else {
              String value = fixedText(h, text, secrets, problems);
              if (value != null) {
                headers.put(h.key(), value);
              }
              if (!SecretReader.references(text).isEmpty()) {
                secretHeaders.add(h.key());
              }
            }
          }
        }
      }
      Duration timeout = f.duration("timeout", ServicePlan.DEFAULT_TIMEOUT);
      plans.put(
          entry.key(),
          new ServicePlan(
              entry.key(),
              instances,
              timeout,
              f.duration("connectTimeout", ServicePlan.DEFAULT_CONNECT_TIMEOUT),
              f.integer("poolSize", ServicePlan.DEFAULT_POOL_SIZE),
              f.integer("maxWaitQueue", ServicePlan.DEFAULT_MAX_WAIT_QUEUE),
              f.size("maxResponseSize", ServicePlan.DEFAULT_MAX_RESPONSE_SIZE),
              FixedHeaders.of(headers, secretHeaders),
              ResilienceReader.service(f, instances.size(), timeout, problems),
              callBudget(f.map("callBudget"), problems),
              TlsReader.service(entry.key(), f.map("tls"), directory, problems)));
    }
    return plans;
  }

  /**
   * A service header's value with its {@code ${secret:name}} references resolved; null with a
   * problem when it has another {@code ${...}} (service headers are the same on every call).
   */
  private static String fixedText(
      ConfigNode.Entry header, String text, SecretReader secrets, Problems problems) {
    StringBuilder value = new StringBuilder();
    int from = 0;
    boolean resolved = true;
    for (SecretReader.Reference reference : SecretReader.references(text)) {
      value.append(text, from, reference.start());
      String secret = secrets.resolve(reference.name(), header.value().position());
      resolved &= secret != null;
      value.append(secret);
      from = reference.end();
    }
    value.append(text, from, text.length());
    if (withoutReferences(text).contains("${")) {
      problems.add(
          header.value().position(),
          "header "
              + header.key()
              + ": service headers are fixed text and"
              + " ${secret:name}; use a call's headers for other ${...}");
      return null;
    }
    return resolved ? value.toString() : null;
  }

  private static String withoutReferences(String text) {
    StringBuilder rest = new StringBuilder();
    int from = 0;
    for (SecretReader.Reference reference : SecretReader.references(text)) {
      rest.append(text, from, reference.start());
      from = reference.end();
    }
    return rest.append(text, from, text.length()).toString();
  }

  private static CallBudget callBudget(ConfigNode.MapNode node, Problems problems) {
    if (node == null) {
      return null;
    }
    Fields f = new Fields(node, problems);
    return new CallBudget(f.integer("perSecond", 1), f.bool("enforce", false));
  }

  private static List<ServiceAddress> addresses(ConfigNode.MapNode node, Problems problems) {
    List<ServiceAddress> addresses = new ArrayList<>();
    if (!(node.get("urls") instanceof ConfigNode.ListNode urls)) {
      return addresses;
    }
    for (ConfigNode item : urls.items()) {
      if (!(item instanceof ConfigNode.ScalarNode s) || !(s.value() instanceof String text)) {
        continue;
      }
      ServiceAddress address = ServiceAddress.parse(text);
      if (address == null) {
        problems.add(
            item.position(), "bad service URL '" + text + "': expected http(s)://host[:port]");
      } else if (addresses.contains(address)) {
        problems.add(
            item.position(), "duplicate service URL '" + text + "': each instance is listed once");
      } else {
        addresses.add(address);
      }
    }
    return addresses;
  }
}
