package dev.mosaic.rules.plan;

import dev.mosaic.rules.config.ConfigNode;
import dev.mosaic.rules.config.Problems;
import dev.mosaic.rules.config.Suggestions;
import dev.mosaic.rules.config.Units;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code auth:}: the top-level profiles (name → settings) and an endpoint's own, written in
 * place or naming a profile. Key files are read here, relative to the config file's directory, so a
 * missing or unfit key is reported with the config's line and column before anything serves.
 */
final class AuthReader {

  static final Set<String> ASYMMETRIC =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
  static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");

  private AuthReader() {}

  /**
   * The top-level {@code auth:} section: reusable settings by name, and where key files are found.
   *
   * @param names every profile's name, also of those with problems (not reported again as unknown)
   */
  record Profiles(Map<String, AuthSettings> byName, Set<String> names, Path base) {

    /**
     * @return the endpoint's settings, or null when it has none or they have problems (added)
     */
    AuthSettings endpoint(Fields endpoint, Problems problems) {
      ConfigNode node = endpoint.node("auth");
      if (node instanceof ConfigNode.ScalarNode s && s.value() instanceof String name) {
        if (!names.contains(name)) {
          String suggestion = Suggestions.closest(name, names);
          problems.add(
              s.position(),
              "unknown auth profile '"
                  + name
                  + "'"
                  + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
                  + (names.isEmpty()
                      ? "; define it under the top-level auth: section"
                      : "; profiles: " + String.join(", ", names)));
        }
        return byName.get(name);
      }
      return node instanceof ConfigNode.MapNode settings
          ? settings(settings, null, base, problems)
          : null;
    }
  }

  /**
   * @param base the config file's directory: key file paths are relative to it
   */
  static Profiles profiles(ConfigNode.MapNode node, Path base, Problems problems) {
    Map<String, AuthSettings> profiles = new LinkedHashMap<>();
    Set<String> names = new java.util.LinkedHashSet<>();
    if (node != null) {
      for (ConfigNode.Entry e : node.entries()) {
        names.add(e.key());
        if (e.value() instanceof ConfigNode.MapNode settings) {
          AuthSettings read = settings(settings, e.key(), base, problems);
          if (read != null) {
            profiles.put(e.key(), read);
          }
        }
      }
    }
    return new Profiles(profiles, names, base);
  }

  private static AuthSettings settings(
      ConfigNode.MapNode node, String profile, Path base, Problems problems) {
    int before = problems.count();
    Fields f = new Fields(node, problems);
    String issuer = f.string("issuer", null);
    List<String> audience = strings(f.node("audience"));
    if (f.node("audience") != null && audience.isEmpty()) {
      problems.add(f.position("audience"), "audience: name at least one");
    }
    boolean hasJwks = f.node("jwks") != null;
    boolean hasKeys = f.node("keys") != null;
    if (hasJwks && hasKeys) {
      problems.add(
          f.position("keys"),
          "auth has either 'jwks' (keys fetched from the issuer) or 'keys' (from files),"
              + " not both");
    } else if (!hasJwks && !hasKeys) {
      problems.add(
          node.position(),
          "auth needs 'jwks: <url>' or 'keys: [{file, algorithm}]' to verify tokens with");
    }
    JwksSettings jwks = hasJwks && !hasKeys ? jwks(f, problems) : null;
    List<AuthKey> keys = hasKeys && !hasJwks ? keys(f.node("keys"), base, problems) : List.of();
    Duration leeway = leeway(f, problems);
    Map<String, List<Object>> require = require(f.map("require"));
    if (problems.count() > before || issuer == null || audience.isEmpty()) {
      return null; // the schema reported a missing issuer or audience
    }
    return new AuthSettings(
        issuer, audience, leeway, keys, jwks, require, profile, node.position());
  }

  private static JwksSettings jwks(Fields auth, Problems problems) {
    ConfigNode node = auth.node("jwks");
    String url;
    Fields f = null;
    if (node instanceof ConfigNode.ScalarNode s && s.value() instanceof String text) {
      url = text;
    } else if (node instanceof ConfigNode.MapNode map) {
      f = new Fields(map, problems);
      url = f.string("url", null);
    } else {
      return null; // the schema reported the type
    }
    URI uri = url == null ? null : jwksUrl(url);
    if (url != null && uri == null) {
      problems.add(
          f == null ? node.position() : f.position("url"),
          "jwks: '" + url + "' is not an http(s) URL with a host");
      return null;
    }
    if (uri == null) {
      return null; // the schema reported the missing url
    }
    if (f == null) {
      return new JwksSettings(
          uri,
          JwksSettings.DEFAULT_ALGORITHMS,
          JwksSettings.DEFAULT_REFRESH,
          JwksSettings.DEFAULT_MIN_INTERVAL,
          JwksSettings.DEFAULT_TIMEOUT);
    }
    List<String> algorithms =
        f.node("algorithms") == null
            ? JwksSettings.DEFAULT_ALGORITHMS
            : strings(f.node("algorithms"));
    for (String algorithm : algorithms) {
      if (HMAC.contains(algorithm)) {
        problems.add(
            f.position("algorithms"),
            "jwks.algorithms: "
                + algorithm
                + " uses a shared secret, which an"
                + " issuer never publishes; use keys: [{secretFile, algorithm}]");
      }
    }
    Duration refresh = f.duration("refresh", JwksSettings.DEFAULT_REFRESH);
    Duration minInterval = f.duration("minInterval", JwksSettings.DEFAULT_MIN_INTERVAL);
    if (minInterval.compareTo(refresh) > 0) {
      problems.add(
          f.position("minInterval"),
          "jwks.minInterval ("
              + minInterval.toSeconds()
              + "s) is longer than jwks.refresh ("
              + refresh.toSeconds()
              + "s)");
    }
    return new JwksSettings(
        uri, algorithms, refresh, minInterval, f.duration("timeout", JwksSettings.DEFAULT_TIMEOUT));
  }

  private static URI jwksUrl(String url) {
    try {
      URI uri = new URI(url);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return web
              && uri.getHost() != null
              && uri.getRawUserInfo() == null
              && uri.getRawFragment() == null
          ? uri
          : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static List<AuthKey> keys(ConfigNode node, Path base, Problems problems) {
    List<AuthKey> keys = new ArrayList<>();
    if (!(node instanceof ConfigNode.ListNode list)) {
      return keys;
    }
    for (ConfigNode item : list.items()) {
      if (!(item instanceof ConfigNode.MapNode map)) {
        continue;
      }
      Fields f = new Fields(map, problems);
      String algorithm = f.string("algorithm", null);
      String file = f.string("file", null);
      String secretFile = f.string("secretFile", null);
      if (algorithm == null || (file == null) == (secretFile == null)) {
        if (file != null && secretFile != null) {
          problems.add(
              f.position("secretFile"),
              "a key has either 'file' (a public key) or 'secretFile' (an HMAC"
                  + " secret), not both");
        } else if (algorithm != null) {
          problems.add(
              map.position(),
              "a key needs 'file' (a PEM public key or certificate) or 'secretFile'");
        }
        continue; // a missing algorithm is the schema's to report
      }
      if (!ASYMMETRIC.contains(algorithm) && !HMAC.contains(algorithm)) {
        continue; // the schema reported it
      }
      if (file != null && HMAC.contains(algorithm)) {
        problems.add(
            f.position("algorithm"),
            algorithm + " verifies with a shared secret: use 'secretFile', not 'file'");
        continue;
      }
      if (secretFile != null && ASYMMETRIC.contains(algorithm)) {
        problems.add(
            f.position("algorithm"),
            algorithm + " verifies with a public key: use 'file', not 'secretFile'");
        continue;
      }
      AuthKey key =
          file != null
              ? KeyFiles.publicKey(base.resolve(file), algorithm, f.position("file"), problems)
              : KeyFiles.secret(
                  base.resolve(secretFile), algorithm, f.position("secretFile"), problems);
      if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Zero is allowed here: no tolerance at all. */
  private static Duration leeway(Fields f, Problems problems) {
    String text = f.string("leeway", null);
    Duration leeway = text == null ? null : Units.duration(text);
    if (leeway != null && leeway.compareTo(Duration.ofMinutes(5)) > 0) {
      problems.add(
          f.position("leeway"),
          "leeway: " + text + " would accept tokens long expired; at most 5m");
      return Duration.ZERO;
    }
    return leeway == null ? Duration.ZERO : leeway;
  }

  private static Map<String, List<Object>> require(ConfigNode.MapNode node) {
    Map<String, List<Object>> require = new LinkedHashMap<>();
    if (node == null) {
      return require;
    }
    for (ConfigNode.Entry e : node.entries()) {
      List<Object> values = new ArrayList<>();
      if (e.value() instanceof ConfigNode.ListNode list) {
        list.items().forEach(item -> values.add(item.toJson()));
      } else {
        values.add(e.value().toJson());
      }
      values.removeIf(v -> v == null || v instanceof Map || v instanceof List);
      require.put(e.key(), values);
    }
    return require;
  }

  private static List<String> strings(ConfigNode node) {
    List<String> strings = new ArrayList<>();
    if (node instanceof ConfigNode.ScalarNode s && s.value() instanceof String text) {
      strings.add(text);
    } else if (node instanceof ConfigNode.ListNode list) {
      for (ConfigNode item : list.items()) {
        if (item instanceof ConfigNode.ScalarNode s && s.value() instanceof String text) {
          strings.add(text);
        }
      }
    }
    return strings;
  }
}
