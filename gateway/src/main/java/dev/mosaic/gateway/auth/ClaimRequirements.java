package dev.mosaic.gateway.auth;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An endpoint's {@code require}: every listed claim must hold one of its accepted values. A claim
 * that is a list matches when any element does; {@code scope} and {@code scp} as a string are read
 * as space-separated scopes (RFC 8693 §4.2), so {@code scope: orders:read} matches {@code "scope":
 * "profile orders:read"}.
 */
final class ClaimRequirements {

  private ClaimRequirements() {}

  /**
   * @return the first claim that does not match, or null when all do
   */
  static String unmet(Map<String, List<Object>> require, Map<String, Object> claims) {
    for (Map.Entry<String, List<Object>> wanted : require.entrySet()) {
      if (!matches(wanted.getKey(), claims.get(wanted.getKey()), wanted.getValue())) {
        return wanted.getKey();
      }
    }
    return null;
  }

  private static boolean matches(String name, Object claim, List<Object> accepted) {
    if (claim instanceof List<?> values) {
      return values.stream().anyMatch(v -> accepts(accepted, v));
    }
    if (claim instanceof String text && (name.equals("scope") || name.equals("scp"))) {
      for (String scope : text.split(" ")) {
        if (!scope.isEmpty() && accepts(accepted, scope)) {
          return true;
        }
      }
      return false;
    }
    return accepts(accepted, claim);
  }

  private static boolean accepts(List<Object> accepted, Object value) {
    for (Object wanted : accepted) {
      if (wanted instanceof Number a && value instanceof Number b) {
        if (new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0) {
          return true;
        }
      } else if (wanted.equals(value)) {
        return true;
      }
    }
    return false;
  }
}
