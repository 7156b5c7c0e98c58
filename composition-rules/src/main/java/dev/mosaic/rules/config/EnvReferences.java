package dev.mosaic.rules.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} and {@code ${env:NAME:-default}} in a config value: resolved when the file is
 * read (at start and on every reload), so one file serves every environment it is deployed to. An
 * unset variable without a default is a problem at the reference's own line and column.
 */
final class EnvReferences {

  static final String OPENING = "${env:";

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private EnvReferences() {}

  static boolean in(String text) {
    return text.contains(OPENING);
  }

  /** Whether {@code text} is one reference and nothing else (its value then gets a YAML type). */
  static boolean whole(String text) {
    return REFERENCE.matcher(text).matches();
  }

  /**
   * @param at where the scalar's text begins (after its opening quote, if any)
   * @return the text with every reference replaced, or null when one cannot be (problems added)
   */
  static String resolve(
      String text, SourcePosition at, Function<String, String> env, Problems problems) {
    StringBuilder resolved = new StringBuilder(text.length());
    int from = 0;
    boolean failed = false;
    while (true) {
      int start = text.indexOf(OPENING, from);
      if (start < 0) {
        break;
      }
      resolved.append(text, from, start);
      SourcePosition here = new SourcePosition(at.file(), at.line(), at.column() + start);
      Matcher m = REFERENCE.matcher(text).region(start, text.length());
      if (!m.lookingAt()) {
        problems.add(
            here,
            "not an environment reference: write ${env:NAME} or ${env:NAME:-default}"
                + " (a name of letters, digits and _)");
        failed = true;
        from = start + OPENING.length();
        continue;
      }
      String value = env.apply(m.group(1));
      if (value == null && m.group(2) != null) {
        value = m.group(2);
      }
      if (value == null) {
        problems.add(
            here,
            "environment variable "
                + m.group(1)
                + " is not set (give it a default: ${env:"
                + m.group(1)
                + ":-value})");
        failed = true;
      } else {
        resolved.append(value);
      }
      from = m.end();
    }
    resolved.append(text, from, text.length());
    return failed ? null : resolved.toString();
  }
}
