package dev.mosaic.gateway.edge;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * The request-head rules of RFC 9112 that Netty and Vert.x leave to the application, checked before
 * any route runs. Each one marks a message another hop may have read differently (request
 * smuggling) or that names no host, so the answer is 400 and the connection is closed: what follows
 * on it cannot be trusted to start where this request ends.
 */
final class FramingCheck {

  /** Why a request head is refused; {@code status} and {@code type} become its problem answer. */
  record Refusal(int status, String type, String detail) {}

  private FramingCheck() {}

  /**
   * @return null when the head is acceptable
   */
  static Refusal check(HttpServerRequest request) {
    HttpVersion version = request.version();
    if (version == HttpVersion.HTTP_2) {
      return null; // HTTP/2 frames its own messages and carries :authority
    }
    MultiMap headers = request.headers();
    if (headers.contains("")) {
      return new Refusal(400, "bad-header", "a header line has no name (RFC 9110 §5.1)");
    }
    Refusal host = host(headers, version);
    if (host != null) {
      return host;
    }
    String te = headers.get("transfer-encoding");
    if (te == null) {
      return null;
    }
    if (version == HttpVersion.HTTP_1_0) {
      return new Refusal(
          400,
          "ambiguous-framing",
          "an HTTP/1.0 request cannot use Transfer-Encoding (RFC 9112 §6.1)");
    }
    if (headers.contains("content-length")) {
      return new Refusal(
          400,
          "ambiguous-framing",
          "the request has both Content-Length and Transfer-Encoding (RFC 9112 §6.1)");
    }
    List<String> all = headers.getAll("transfer-encoding");
    String codings = all.size() == 1 ? te : String.join(",", all);
    return transferCodings(codings);
  }

  private static Refusal host(MultiMap headers, HttpVersion version) {
    List<String> hosts = headers.getAll("host");
    if (hosts.size() > 1) {
      return new Refusal(
          400, "bad-host", "the request has more than one Host header (RFC 9112 §3.2)");
    }
    if (hosts.isEmpty()) {
      return version == HttpVersion.HTTP_1_1
          ? new Refusal(
              400, "bad-host", "an HTTP/1.1 request must have a Host header (RFC 9112 §3.2)")
          : null;
    }
    String host = hosts.get(0);
    if (!isHost(host)) {
      return new Refusal(400, "bad-host", "the Host header is not a host name or address");
    }
    return null;
  }

  /**
   * An RFC 3986 host (reg-name, IPv4, or bracketed IPv6) with an optional port, or empty; a loop
   * rather than a regular expression because it runs on every request.
   */
  static boolean isHost(String host) {
    int n = host.length();
    int i = 0;
    if (n > 0 && host.charAt(0) == '[') {
      int close = host.indexOf(']');
      if (close < 0) {
        return false;
      }
      for (i = 1; i < close; i++) {
        char c = host.charAt(i);
        if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
          return false;
        }
      }
      i = close + 1;
    } else {
      for (; i < n && host.charAt(i) != ':'; i++) {
        char c = host.charAt(i);
        if (!((c >= 'a' && c <= 'z')
            || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9')
            || "-._~!$&'()*+,;=%".indexOf(c) >= 0)) {
          return false;
        }
      }
    }
    if (i == n) {
      return true;
    }
    if (host.charAt(i) != ':' || n - i - 1 > 5) {
      return false;
    }
    for (i++; i < n; i++) {
      if (host.charAt(i) < '0' || host.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Only {@code chunked}, once and last, is understood: anything else frames the body unknowably.
   */
  private static Refusal transferCodings(String codings) {
    String[] parts = codings.split(",");
    String last = parts[parts.length - 1].trim();
    if (!last.equalsIgnoreCase("chunked")) {
      return new Refusal(
          400,
          "ambiguous-framing",
          "chunked must be the final transfer coding of a request (RFC 9112 §6.3)");
    }
    if (parts.length > 1) {
      for (int i = 0; i < parts.length - 1; i++) {
        if (parts[i].trim().equalsIgnoreCase("chunked")) {
          return new Refusal(
              400, "ambiguous-framing", "chunked may be applied only once (RFC 9112 §7.1)");
        }
      }
      return new Refusal(
          501,
          "unsupported-transfer-coding",
          "transfer codings other than chunked are not supported: " + codings.trim());
    }
    return null;
  }
}
