package dev.mosaic.rules.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.rules.config.ConfigException;
import dev.mosaic.rules.config.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${secret:name}} is resolved when the config is compiled, from a directory or a YAML file
 * beside the config; every way it can go wrong rejects the config with the reference's position and
 * the secret's name, never its value.
 */
class SecretsConfigTest {

  private static final String VALUE = "s3cr3t-V4lue";

  @TempDir Path dir;

  /**
   * A config in {@code dir}; line 1 is "server:", line 4 the service header, line 8 the call
   * header.
   */
  private String config(String secrets, String serviceHeader, String callHeader) {
    return """
        server:
          secrets: %s
        services:
          catalog: { urls: [http://127.0.0.1:9101], headers: { X-Api-Key: "%s" } }
        endpoints:
          GET /p/{id}:
            calls:
              product: { service: catalog, path: "/products/${path.id}", headers: { Authorization: "%s" } }
        """
        .formatted(secrets, serviceHeader, callHeader);
  }

  private GatewayPlan compile(String yaml) throws Exception {
    return PlanCompiler.compile(dir.resolve("mosaic.yaml").toString(), yaml);
  }

  private List<ConfigProblem> problems(String yaml) {
    return assertThrows(ConfigException.class, () -> compile(yaml)).problems();
  }

  private void rejects(String yaml, int line, String... fragments) {
    List<ConfigProblem> found = problems(yaml);
    String all = found.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
    assertEquals(1, found.size(), all);
    assertEquals(line, found.get(0).position().line(), all);
    assertTrue(found.get(0).position().file().endsWith("mosaic.yaml"), all);
    for (String fragment : fragments) {
      assertTrue(all.contains(fragment), "'" + fragment + "' not in: " + all);
    }
    assertFalse(all.contains(VALUE), "a problem never shows a secret's value: " + all);
  }

  private void secretFile(String name, String content) throws Exception {
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets").resolve(name), content, StandardCharsets.UTF_8);
  }

  private static String header(CallPlan call, String name) throws Exception {
    return (String) call.headers().get(name).render(Map.of("path", Map.of("id", "1")));
  }

  @Test
  void aDirectoryOfFilesRelativeToTheConfigFillsServiceAndCallHeaders() throws Exception {
    secretFile("api-key", VALUE + "\n");
    secretFile("token", "t0ken\r\n");
    GatewayPlan plan =
        compile(config("secrets", "${secret:api-key}", "Bearer ${secret:token} for ${path.id}"));
    assertEquals(VALUE, plan.services().get("catalog").headers().get("X-Api-Key"));
    CallPlan call = plan.endpoints().get(0).calls().get(0);
    assertEquals("Bearer t0ken for 1", header(call, "Authorization"));
    assertEquals(Set.of("api-key", "token"), plan.server().secretsAndTls().secrets().names());
    // the plan is printed in logs and debuggers: it names secrets, never shows them
    String printed = plan.toString();
    assertFalse(printed.contains(VALUE), printed);
    assertFalse(printed.contains("t0ken"), printed);
    assertTrue(printed.contains("${secret:token}"), printed);
  }

  @Test
  void aYamlFileIsAMapOfNameToValueTakenAsWritten() throws Exception {
    Files.writeString(dir.resolve("secrets.yaml"), "api-key: " + VALUE + "\npin: 0123\n");
    GatewayPlan plan = compile(config("secrets.yaml", "${secret:api-key}", "${secret:pin}"));
    assertEquals(VALUE, plan.services().get("catalog").headers().get("X-Api-Key"));
    assertEquals("0123", header(plan.endpoints().get(0).calls().get(0), "Authorization"));
  }

  @Test
  void aRotatedSecretMakesADifferentPlan() throws Exception {
    secretFile("api-key", VALUE);
    String yaml = config("secrets", "${secret:api-key}", "x");
    GatewayPlan before = compile(yaml);
    secretFile("api-key", "rotated");
    GatewayPlan after = compile(yaml);
    assertNotEquals(before.server().secretsAndTls(), after.server().secretsAndTls());
    assertEquals(after.server().secretsAndTls(), compile(yaml).server().secretsAndTls());
  }

  @Test
  void anUnknownSecretIsRejectedAtItsReference() throws Exception {
    secretFile("api-key", VALUE);
    rejects(
        config("secrets", "${secret:api-key}", "Bearer ${secret:tokn}"),
        8,
        "unknown secret 'tokn'");
  }

  @Test
  void anUnknownKeyInAYamlFileListsTheNamesItHas() throws Exception {
    Files.writeString(dir.resolve("s.yaml"), "api-key: " + VALUE + "\n");
    rejects(
        config("s.yaml", "${secret:apikey}", "x"), 4, "unknown secret 'apikey'", "it has: api-key");
  }

  @Test
  void aMissingSourceIsRejectedAtServerSecretsAndAtEachReference() {
    List<ConfigProblem> found = problems(config("nowhere", "${secret:api-key}", "x"));
    assertEquals(2, found.size(), found.toString());
    assertEquals(2, found.get(0).position().line());
    assertTrue(found.get(0).message().contains("does not exist"), found.toString());
    assertEquals(4, found.get(1).position().line());
    assertTrue(found.get(1).message().contains("secret 'api-key'"), found.toString());
  }

  @Test
  void aReferenceWithoutASourceSaysWhatIsMissing() {
    rejects(
        """
        services:
          catalog: { urls: [http://127.0.0.1:9101], headers: { X-Api-Key: "${secret:k}" } }
        endpoints:
          GET /p: { calls: { a: { service: catalog, path: /p } } }
        """,
        2,
        "needs server.secrets");
  }

  @Test
  void aValueWithALineBreakOrControlCharacterIsRejected() throws Exception {
    secretFile("api-key", VALUE + "\nInjected: yes\n");
    rejects(
        config("secrets", "${secret:api-key}", "x"), 4, "secret 'api-key'", "control character");
    secretFile("api-key", VALUE + "\u0007");
    rejects(config("secrets", "${secret:api-key}", "x"), 4, "control character");
    secretFile("api-key", "");
    rejects(config("secrets", "${secret:api-key}", "x"), 4, "is empty");
  }

  @Test
  void namesAreRestrictedToASafeCharset() throws Exception {
    secretFile("api-key", VALUE);
    rejects(config("secrets", "${secret:../secrets/api-key}", "x"), 4, "is not a secret name");
  }

  @Test
  void secretsGoInHeaderValuesOnly() throws Exception {
    secretFile("api-key", VALUE);
    String base =
        """
        server: { secrets: secrets }
        services:
          catalog: { urls: [http://127.0.0.1:9101] }
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, %s }
        """;
    rejects(
        base.formatted("path: \"/p?key=${secret:api-key}\""), 7, "only be used in header values");
    rejects(
        base.formatted("path: /p, method: POST, body: { key: \"${secret:api-key}\" }"),
        7,
        "only be used in header values");
    rejects(
        """
        server: { secrets: secrets }
        services:
          catalog: { urls: [http://127.0.0.1:9101] }
        endpoints:
          GET /p:
            calls: { a: { service: catalog, path: /p } }
            response: { k: "${secret:api-key}" }
        """,
        7,
        "only be used in header values");
  }

  @Test
  void aServiceHeaderMayHoldSecretsButNoOtherExpression() throws Exception {
    secretFile("api-key", VALUE);
    rejects(
        config("secrets", "${secret:api-key} ${path.id}", "x"),
        4,
        "service headers are fixed text");
  }

  @Test
  void anInvalidYamlFileIsRejectedWithoutQuotingIt() throws Exception {
    Files.writeString(dir.resolve("s.yaml"), "api-key: [" + VALUE + "\n");
    List<ConfigProblem> found = problems(config("s.yaml", "${secret:api-key}", "x"));
    String all = found.toString();
    assertTrue(all.contains("not valid YAML"), all);
    assertFalse(all.contains(VALUE), all);
  }

  @Test
  void aHeaderHoldingASecretCannotBePartOfACacheKey() throws Exception {
    secretFile("api-key", VALUE);
    String base =
        """
        server: { secrets: secrets }
        services:
          catalog: { urls: [http://127.0.0.1:9101], headers: { X-Api-Key: "${secret:api-key}" } }
        endpoints:
          GET /p:
            calls:
              a: { service: catalog, path: /p, headers: { Authorization: "Bearer ${secret:api-key}" }, cache: { ttl: 1s, vary: [%s] } }
        """;
    rejects(base.formatted("authorization"), 7, "vary names 'authorization'", "holds a secret");
    rejects(base.formatted("x-api-key"), 7, "vary names 'x-api-key'");
  }
}
