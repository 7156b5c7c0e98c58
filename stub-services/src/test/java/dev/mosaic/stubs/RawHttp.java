package dev.mosaic.stubs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, so tests see exactly what went over the
 * wire: how many body bytes arrived against the Content-Length, and whether the server closed the
 * connection before the body was complete. Blocking: for test threads only, never an event loop.
 */
final class RawHttp {

  private static final int READ_TIMEOUT_MS = 10_000;

  /** One exchange as the client saw it; times are System.nanoTime() readings. */
  record Answer(
      int status,
      Map<String, String> headers,
      byte[] body,
      boolean cut,
      long sentNanos,
      long firstBodyByteNanos,
      long doneNanos) {

    long contentLength() {
      return Long.parseLong(headers.getOrDefault("content-length", "-1"));
    }

    long millis() {
      return (doneNanos - sentNanos) / 1_000_000;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {}

  static Answer get(int port, String path) throws IOException {
    return exchange(port, "GET", path, null);
  }

  static Answer post(int port, String path, String json) throws IOException {
    return exchange(port, "POST", path, json);
  }

  static Answer delete(int port, String path) throws IOException {
    return exchange(port, "DELETE", path, null);
  }

  static Answer exchange(int port, String method, String path, String json) throws IOException {
    try (Socket socket = connect(port)) {
      long sent = send(socket, method, path, json);
      return read(socket.getInputStream(), sent);
    }
  }

  static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    socket.setSoTimeout(READ_TIMEOUT_MS);
    socket.setTcpNoDelay(true);
    return socket;
  }

  /** Writes the request; returns when it was sent. */
  static long send(Socket socket, String method, String path, String json) throws IOException {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String head =
        method
            + " "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + (json == null
                ? ""
                : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
            + "\r\n";
    OutputStream out = socket.getOutputStream();
    long sent = System.nanoTime();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    return sent;
  }

  /**
   * Reads the status line and headers, then the body up to its Content-Length or until the server
   * closes.
   */
  static Answer read(InputStream in, long sentNanos) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("closed before any answer");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    long length = Long.parseLong(headers.getOrDefault("content-length", "-1"));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long firstByte = 0;
    boolean cut = false;
    byte[] buffer = new byte[8192];
    while (length < 0 || body.size() < length) {
      int n;
      try {
        n =
            in.read(
                buffer,
                0,
                length < 0 ? buffer.length : (int) Math.min(buffer.length, length - body.size()));
      } catch (java.net.SocketException reset) {
        n = -1;
      }
      if (n < 0) {
        cut = length >= 0;
        break;
      }
      if (firstByte == 0 && n > 0) {
        firstByte = System.nanoTime();
      }
      body.write(buffer, 0, n);
    }
    return new Answer(
        status, headers, body.toByteArray(), cut, sentNanos, firstByte, System.nanoTime());
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        return line.toString().stripTrailing();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
