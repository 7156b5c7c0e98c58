package dev.mosaic.bench.peer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP listener that accepts and reads but never writes a byte: a hung Redis, or something else
 * entirely on its port. {@code java -cp mosaic-bench.jar dev.mosaic.bench.peer.SilentServer PORT}
 */
public final class SilentServer {

  private SilentServer() {}

  public static void main(String[] args) throws IOException {
    try (ServerSocket server =
        new ServerSocket(Integer.parseInt(args[0]), 100, InetAddress.getLoopbackAddress())) {
      while (true) {
        Socket socket = server.accept();
        Thread reader = new Thread(() -> drain(socket), "silent-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
      }
    }
  }

  private static void drain(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream()) {
      byte[] buffer = new byte[4096];
      while (in.read(buffer) >= 0) {
        // read and forget: never a reply
      }
    } catch (IOException e) {
      // closed by the other side: nothing was ever going to be answered
    }
  }
}
