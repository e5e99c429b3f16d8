package org.hotredis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A minimal RESP2 client connection: one socket, one command at a time, strings only.
 *
 * <p>Replies map to Java as: simple string and bulk string to {@link String} (UTF-8; a null bulk
 * string to {@code null}), integer to {@link Long}, array to {@code List<Object>} (a null array to
 * {@code null}). An error reply at the top level is thrown as {@link RedisServer.ReplyError}; an
 * error nested in an array (an {@code EXEC} result) is returned as a {@code ReplyError} element.
 */
final class RespConnection implements Closeable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /**
   * Opens a connection, applying {@code timeout} both to connecting and to every read.
   *
   * @throws IOException if the connection cannot be made in time
   */
  static RespConnection open(String host, int port, Duration timeout) throws IOException {
    int millis = Math.toIntExact(timeout.toMillis());
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(millis);
      socket.connect(new InetSocketAddress(host, port), millis);
      return new RespConnection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends one command and reads its reply.
   *
   * @throws RedisServer.ReplyError if Redis replies with an error
   * @throws IOException if the connection fails, is closed by the server, or a read times out
   */
  @Nullable Object call(String... args) throws IOException {
    write(args);
    Object reply = read();
    if (reply instanceof RedisServer.ReplyError error) {
      throw error;
    }
    return reply;
  }

  private void write(String... args) throws IOException {
    requireNonNull(args, "args");
    out.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(UTF_8));
    for (String arg : args) {
      byte[] bytes = requireNonNull(arg, "args contains null").getBytes(UTF_8);
      out.write(('$' + Integer.toString(bytes.length) + "\r\n").getBytes(UTF_8));
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
    out.flush();
  }

  private @Nullable Object read() throws IOException {
    int type = in.read();
    if (type == -1) {
      throw new EOFException("connection closed by server");
    }
    String line = readLine();
    return switch (type) {
      case '+' -> line;
      case '-' -> new RedisServer.ReplyError(line);
      case ':' -> Long.parseLong(line);
      case '$' -> readBulk(Integer.parseInt(line));
      case '*' -> readArray(Integer.parseInt(line));
      default -> throw new IOException("unexpected RESP type " + type + " followed by " + line);
    };
  }

  private @Nullable String readBulk(int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length || !readLine().isEmpty()) {
      throw new EOFException("truncated bulk string");
    }
    return new String(bytes, UTF_8);
  }

  private @Nullable List<@Nullable Object> readArray(int count) throws IOException {
    if (count < 0) {
      return null;
    }
    List<@Nullable Object> elements = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      elements.add(read());
    }
    return elements;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("connection closed by server");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("malformed RESP line");
        }
        return line.toString(UTF_8);
      }
      line.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
