package org.hotredis.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hotredis.testing.JvmProcess;
import org.hotredis.testing.RedisServer;
import org.jspecify.annotations.Nullable;

/**
 * The demo a new user runs first ({@code bash demo/run}): two JVMs, A and B, share a {@code
 * HotList}, consume one {@code HotQueue} of work items, guard a counter with a {@code
 * HotReentrantLock}, count words in one {@code HotMultiSet} and read each other's entries in a
 * JCache cache; then the transcript of what each process did is printed in time order.
 *
 * <p>Redis: the URI given as the first argument, else {@code hotredis.uri} or {@code
 * HOT_REDIS_URI}, else a Redis answering on localhost:6379, else a private {@code redis-server}
 * started for the demo and stopped at the end. Every key the demo writes starts with a prefix of
 * its own, and is deleted at the end. The demo waits for both JVMs (and kills them if they hang),
 * so it leaves no process behind.
 */
public final class Demo {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private Demo() {}

  /**
   * Runs the demo.
   *
   * @param args optionally the Redis URI
   */
  public static void main(String[] args) {
    System.exit(run(args.length > 0 ? args[0] : null, System.out));
  }

  /**
   * Runs the demo and prints its transcript.
   *
   * @param uri the Redis URI, or null to find one as the class comment says
   * @param out where the transcript goes
   * @return the exit status: 0 if both processes did their part
   */
  static int run(@Nullable String uri, PrintStream out) {
    String configured = uri;
    if (configured == null) {
      configured = System.getProperty("hotredis.uri", System.getenv("HOT_REDIS_URI"));
    }
    String how = "configured";
    if (configured == null && answersPing("localhost", 6379)) {
      configured = "redis://localhost:6379";
      how = "found on localhost:6379";
    }
    RedisServer server = null;
    if (configured == null) {
      server = RedisServer.start();
      configured = server.uri();
      how = "a private redis-server started for the demo";
    }
    String prefix = "hotredis-demo:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    out.println("HOT Redis demo: two JVMs, A and B, share objects in Redis at " + configured);
    out.println("(" + how + "; every key starts with " + prefix + ")");
    out.println();
    try {
      return runProcesses(configured, prefix, out);
    } finally {
      try {
        DemoObjects.deleteAll(configured, prefix);
        out.println("Cleaned up: every key starting with " + prefix + " is deleted.");
      } finally {
        if (server != null) {
          server.close();
          out.println("The private redis-server is stopped.");
        }
      }
    }
  }

  private static int runProcesses(String uri, String prefix, PrintStream out) {
    List<JvmProcess> processes = new ArrayList<>();
    try {
      for (String name : List.of("A", "B")) {
        processes.add(JvmProcess.builder(DemoProcess.class).args(uri, prefix, name).start());
      }
      int status = 0;
      for (JvmProcess process : processes) {
        if (process.waitFor(TIMEOUT) != 0) {
          status = 1;
        }
      }
      List<Transcript.Line> lines = new ArrayList<>();
      for (int i = 0; i < processes.size(); i++) {
        lines.addAll(Transcript.parse(processes.get(i).output()));
      }
      Transcript.print(lines, out);
      if (status != 0) {
        out.println();
        out.println("A process failed; its output:");
        processes.forEach(p -> out.println(p.output()));
      } else {
        out.println();
        out.println("Both processes exited normally.");
      }
      return status;
    } finally {
      processes.forEach(JvmProcess::close);
    }
  }

  /** Whether a Redis server answers PING at an address within half a second. */
  static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      socket.setSoTimeout(500);
      OutputStream output = socket.getOutputStream();
      output.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      output.flush();
      InputStream input = socket.getInputStream();
      byte[] reply = new byte[64];
      int read = input.read(reply);
      // +PONG, or an error such as -NOAUTH: something speaking RESP answers either way, but only
      // +PONG is a Redis the demo can use without credentials.
      return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
