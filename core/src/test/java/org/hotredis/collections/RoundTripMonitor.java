package org.hotredis.collections;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotredis.testing.RedisDeployment;
import org.hotredis.testing.RedisServer;

/**
 * Counts the round trips clients make to a deployment, from what {@code MONITOR} shows on every
 * master: each command a client sends counts once, a {@code MULTI} ... {@code EXEC} block (sent in
 * one flush) counts once, and the commands scripts run (client {@code lua}) do not count. The
 * statistics commands of the test itself ({@code INFO}, {@code CONFIG}), {@code PING} and cluster
 * topology queries are left out.
 */
final class RoundTripMonitor implements AutoCloseable {
  private static final Pattern LINE =
      Pattern.compile("^\\+[0-9.]+ \\[\\d+ ([^\\]]+)\\] \"([^\"]*)\"(.*)$");
  private static final Set<String> IGNORED =
      Set.of("info", "config", "ping", "cluster", "auth", "hello", "client", "command");

  private final List<RedisServer> masters;
  private final List<Feed> feeds = new ArrayList<>();
  private List<String> lastCommands = List.of();

  private RoundTripMonitor(RedisDeployment deployment) {
    this.masters = deployment.masters();
    for (RedisServer master : masters) {
      feeds.add(new Feed(master));
    }
  }

  /** Starts monitoring every master of a deployment. */
  static RoundTripMonitor on(RedisDeployment deployment) {
    return new RoundTripMonitor(deployment);
  }

  /** Forgets the commands seen so far. */
  void reset() {
    commands();
  }

  /** Returns the round trips made since the last reset or count, and starts counting anew. */
  long roundTrips() {
    long trips = 0;
    Set<String> inTransaction = new HashSet<>();
    for (String[] command : commands()) {
      String client = command[0];
      String name = command[1];
      if (inTransaction.contains(client)) {
        if (name.equals("exec") || name.equals("discard")) {
          inTransaction.remove(client);
        }
        continue;
      }
      if (name.equals("multi")) {
        inTransaction.add(client);
      }
      trips++;
    }
    return trips;
  }

  /** Returns the commands last counted or reset, as "client command", for messages. */
  List<String> lastCommands() {
    return lastCommands;
  }

  /** Reads every master's feed up to a marker sent now: {client, lowercase command} pairs. */
  private List<String[]> commands() {
    String marker = "round-trip-marker-" + UUID.randomUUID();
    List<String[]> commands = new ArrayList<>();
    for (int i = 0; i < masters.size(); i++) {
      masters.get(i).execute("ECHO", marker);
      feeds.get(i).readUntil(marker, commands);
    }
    List<String> names = new ArrayList<>();
    for (String[] command : commands) {
      names.add(command[0] + " " + command[1]);
    }
    lastCommands = names;
    return commands;
  }

  @Override
  public void close() {
    for (Feed feed : feeds) {
      feed.close();
    }
  }

  /** One MONITOR connection. */
  private static final class Feed {
    private final Socket socket;
    private final InputStream in;

    Feed(RedisServer server) {
      try {
        socket = new Socket(server.host(), server.port());
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        String password = server.password();
        if (password != null) {
          out.write(command("AUTH", password));
          out.flush();
          expectOk(readLine());
        }
        out.write(command("MONITOR"));
        out.flush();
        expectOk(readLine());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot monitor " + server, e);
      }
    }

    void readUntil(String marker, List<String[]> into) {
      while (true) {
        String line = readLine();
        if (line.contains(marker)) {
          return;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        String client = m.group(1);
        String name = m.group(2).toLowerCase(Locale.ROOT);
        if (!client.equals("lua") && !IGNORED.contains(name)) {
          into.add(new String[] {client, name});
        }
      }
    }

    private String readLine() {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      try {
        int previous = -1;
        while (true) {
          int b = in.read();
          if (b < 0) {
            throw new IOException("MONITOR connection closed");
          }
          if (previous == '\r' && b == '\n') {
            byte[] bytes = line.toByteArray();
            return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
          }
          line.write(b);
          previous = b;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void expectOk(String line) {
      if (!line.equals("+OK")) {
        throw new IllegalStateException("MONITOR set-up answered " + line);
      }
    }

    private static byte[] command(String... parts) {
      StringBuilder out = new StringBuilder("*").append(parts.length).append("\r\n");
      for (String part : parts) {
        out.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        out.append(part).append("\r\n");
      }
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a test connection: nothing to do
      }
    }
  }
}
