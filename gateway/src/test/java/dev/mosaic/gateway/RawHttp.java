package dev.mosaic.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client that writes exactly the bytes it is given, for requests no well-behaved client library
 * will send (smuggling, malformed heads, slow clients), and reads back what the server did: its
 * first answer, and whether it closed the connection.
 */
final class RawHttp implements AutoCloseable {

  /** The server's first answer on a connection, and what became of the connection. */
  record Answer(
      int status,
      Map<String, String> headers,
      String body,
      boolean closed,
      long millis,
      String raw) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final Socket socket;
  private final long opened = System.nanoTime();

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
  }

  /** Sends {@code request} on a new connection and reads the first answer. */
  static Answer exchange(int port, String request) throws IOException {
    try (RawHttp raw = new RawHttp(port)) {
      raw.write(request);
      return raw.read(5_000);
    }
  }

  void write(String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Reads until the first answer is complete and then waits a little for the server to close (a
   * closing server does so right after its answer); {@code status} is 0 when nothing came.
   */
  Answer read(long timeoutMillis) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    boolean closed = false;
    int complete = -1;
    while (true) {
      long left =
          (complete >= 0 ? Math.min(deadline, System.currentTimeMillis() + 300) : deadline)
              - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      socket.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketTimeoutException e) {
        break;
      } catch (IOException e) {
        closed = true; // reset by the server
        break;
      }
      if (n < 0) {
        closed = true;
        break;
      }
      got.write(buffer, 0, n);
      if (complete < 0) {
        complete = completeAt(got.toString(StandardCharsets.ISO_8859_1));
      }
    }
    return parse(
        got.toString(StandardCharsets.ISO_8859_1),
        closed,
        (System.nanoTime() - opened) / 1_000_000);
  }

  /** Whether the server closes the connection within {@code timeoutMillis}, with nothing sent. */
  boolean closedWithin(long timeoutMillis) throws IOException {
    return read(timeoutMillis).closed();
  }

  /** Where the first answer ends, or -1 while it is incomplete. */
  private static int completeAt(String text) {
    int head = text.indexOf("\r\n\r\n");
    if (head < 0) {
      return -1;
    }
    Map<String, String> headers = headers(text.substring(0, head));
    String length = headers.get("content-length");
    if (length != null) {
      int end = head + 4 + Integer.parseInt(length.trim());
      return text.length() >= end ? end : -1;
    }
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      int end = text.indexOf("\r\n0\r\n\r\n", head);
      return end < 0 ? -1 : end + 7;
    }
    return head + 4;
  }

  private static Answer parse(String text, boolean closed, long millis) {
    int head = text.indexOf("\r\n\r\n");
    if (text.isEmpty() || head < 0) {
      return new Answer(0, Map.of(), "", closed, millis, text);
    }
    String[] status = text.substring(0, text.indexOf("\r\n")).split(" ");
    Map<String, String> headers = headers(text.substring(0, head));
    String body = text.substring(head + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Answer(Integer.parseInt(status[1]), headers, body, closed, millis, text);
  }

  private static Map<String, String> headers(String head) {
    Map<String, String> headers = new LinkedHashMap<>();
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.merge(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    return headers;
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int line = body.indexOf("\r\n", at);
      if (line < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(at, line).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, line + 2, Math.min(body.length(), line + 2 + size));
      at = line + 2 + size + 2;
    }
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
