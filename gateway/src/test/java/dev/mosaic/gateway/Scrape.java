package dev.mosaic.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One scrape of {@code /metrics}, read strictly as the Prometheus text format 0.0.4: every sample
 * line must parse (name, labels with escapes, value), or the test fails. When Prometheus' {@code
 * promtool} is installed (Debian package prometheus) the text is also checked by it.
 */
public final class Scrape {

  private final Map<String, Map<Map<String, String>, Double>> samples = new LinkedHashMap<>();
  private final String text;

  private Scrape(String text) {
    this.text = text;
  }

  public static Scrape parse(String text) {
    Scrape scrape = new Scrape(text);
    int lineNumber = 0;
    for (String line : text.split("\n", -1)) {
      lineNumber++;
      if (line.isEmpty() || line.startsWith("#")) {
        if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
          assertTrue(line.split(" ", 4).length >= 3, "line " + lineNumber + ": " + line);
        }
        continue;
      }
      scrape.add(line, lineNumber);
    }
    return scrape;
  }

  private void add(String line, int lineNumber) {
    int i = 0;
    while (i < line.length()
        && (Character.isLetterOrDigit(line.charAt(i))
            || line.charAt(i) == '_'
            || line.charAt(i) == ':')) {
      i++;
    }
    String name = line.substring(0, i);
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      fail("line " + lineNumber + ": no metric name: " + line);
    }
    Map<String, String> labels = new TreeMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq);
        if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || line.charAt(eq + 1) != '"') {
          fail("line " + lineNumber + ": bad label at " + i + ": " + line);
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char escaped = line.charAt(++j);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      fail("line " + lineNumber + ": no value: " + line);
    }
    String[] rest = line.substring(i + 1).split(" ");
    double value =
        switch (rest[0]) {
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          case "NaN" -> Double.NaN;
          default -> Double.parseDouble(rest[0]);
        };
    samples.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(labels, value);
  }

  /**
   * The value of the one sample of {@code name} with exactly these labels ("k", "v", ...); fails
   * when absent.
   */
  public double value(String name, String... labels) {
    Map<String, String> wanted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    Double value = samples.getOrDefault(name, Map.of()).get(wanted);
    if (value == null) {
      fail("no sample " + name + wanted + "; samples of " + name + ": " + samples.get(name));
    }
    return value;
  }

  /** The sum over the samples of {@code name} whose labels include these; 0 when none. */
  public double sum(String name, String... labels) {
    double sum = 0;
    for (Map.Entry<Map<String, String>, Double> sample :
        samples.getOrDefault(name, Map.of()).entrySet()) {
      boolean matches = true;
      for (int i = 0; i < labels.length; i += 2) {
        matches &= labels[i + 1].equals(sample.getKey().get(labels[i]));
      }
      if (matches) {
        sum += sample.getValue();
      }
    }
    return sum;
  }

  public boolean has(String name) {
    return samples.containsKey(name);
  }

  public java.util.Set<String> names() {
    return samples.keySet();
  }

  /**
   * Runs {@code promtool check metrics} over the scrape when promtool is installed: it parses the
   * text with Prometheus' own parser and lints names, units and types.
   *
   * @return whether promtool ran
   */
  public boolean checkWithPromtool() throws IOException, InterruptedException {
    Path promtool =
        java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(dir -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (promtool == null) {
      System.err.println(
          "promtool not installed: the scrape was checked by the strict parser only");
      return false;
    }
    Process process =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool finished");
    assertEquals(0, process.exitValue(), "promtool check metrics: " + output);
    return true;
  }
}
