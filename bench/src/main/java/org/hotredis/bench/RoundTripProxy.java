package org.hotredis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of Redis that counts round trips, whatever the client library.
 *
 * <p>A round trip is one wait of the client for the server: the client sends (one command, a
 * pipeline, or a whole {@code MULTI}/{@code EXEC}, in as many TCP segments as it takes), and waits
 * for the answers. The proxy parses the RESP framing both ways and counts, per connection, each
 * command that the client sends while every earlier command has already been answered: then it had
 * been waiting. Commands sent while answers are still outstanding are pipelined and start no round
 * trip, even when Redis begins answering before the client has finished sending.
 */
public final class RoundTripProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String redisHost;
  private final int redisPort;
  private final AtomicLong roundTrips = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  /**
   * Starts a proxy on a free loopback port.
   *
   * @param redisHost where Redis listens
   * @param redisPort its port
   */
  public RoundTripProxy(String redisHost, int redisPort) {
    this.redisHost = redisHost;
    this.redisPort = redisPort;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.acceptor = new Thread(this::accept, "round-trip-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Returns the proxy's port, to connect clients to instead of Redis's.
   *
   * @return the port
   */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Returns the round trips counted since the last reset, over every connection.
   *
   * @return the count
   */
  public long roundTrips() {
    return roundTrips.get();
  }

  /** Starts counting from zero. */
  public void reset() {
    roundTrips.set(0);
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        client.setTcpNoDelay(true);
        Socket server = new Socket(redisHost, redisPort);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        Turns turns = new Turns();
        pump(client, server, turns, true);
        pump(server, client, turns, false);
      } catch (IOException e) {
        if (!closed) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  /**
   * The commands and answers of one connection. A turn opens when the client sends while it has
   * nothing outstanding, and closes once every command is answered. A {@code MULTI} keeps the turn
   * open until its {@code EXEC} or {@code DISCARD} is answered, since a client pipelining a
   * transaction does not wait for the {@code QUEUED} answers Redis sends meanwhile.
   */
  private final class Turns {
    private final RespCounter commands = new RespCounter();
    private final RespCounter answers = new RespCounter();
    private boolean open;
    private long multiEndsAt = -1;
    private boolean inMulti;

    synchronized void clientSent(byte[] buffer, int length) {
      if (!open) {
        roundTrips.incrementAndGet();
        open = true;
      }
      long ordinal = commands.messages();
      commands.feed(buffer, length);
      for (String name : commands.drainNames()) {
        ordinal++;
        if (name.equals("MULTI")) {
          inMulti = true;
        } else if (inMulti && (name.equals("EXEC") || name.equals("DISCARD"))) {
          multiEndsAt = ordinal;
        }
      }
    }

    synchronized void serverSent(byte[] buffer, int length) {
      answers.feed(buffer, length);
      answers.drainNames();
      if (inMulti && multiEndsAt > 0 && answers.messages() >= multiEndsAt) {
        inMulti = false;
        multiEndsAt = -1;
      }
      if (!inMulti && commands.idle() && answers.messages() >= commands.messages()) {
        open = false;
      }
    }
  }

  private void pump(Socket from, Socket to, Turns turns, boolean fromClient) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                  if (fromClient) {
                    turns.clientSent(buffer, n);
                  } else {
                    turns.serverSent(buffer, n);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side closed; close both
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "round-trip-proxy-" + (fromClient ? "up" : "down"));
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
    sockets.forEach(RoundTripProxy::closeQuietly);
  }
}
