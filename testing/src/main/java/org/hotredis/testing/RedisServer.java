package org.hotredis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A private {@code redis-server} process for tests, on a free loopback port, with no persistence
 * and its own temporary directory; it can be stopped, killed, frozen and restarted.
 *
 * <p>{@link #close()} kills the process and deletes the directory; a JVM shutdown hook does the
 * same for every server still open, so an aborted test run leaves no process behind.
 *
 * <p>Implementation notes. A port chosen by the kernel ({@code new ServerSocket(0)}) is reserved in
 * this JVM until the server is closed, so that a stopped server waiting to be restarted never loses
 * its port to a new server from the same JVM; if {@code redis-server} still reports the address in
 * use (another process won the race), start retries with another port. Launching and the readiness
 * check live in {@link ServerLauncher}. {@link #execute} opens one short-lived connection per
 * command: no connection state can go stale across restarts, at the price that connection-scoped
 * state ({@code SELECT}, {@code MULTI}) does not carry from one call to the next. Freezing sends
 * {@code SIGSTOP}: the kernel still completes TCP handshakes into the listen backlog, but nothing
 * is ever answered, which is how a hung server looks to a client.
 */
public final class RedisServer implements RedisDeployment, AutoCloseable {
  /** The system property naming the {@code redis-server} executable to use by default. */
  public static final String EXECUTABLE_PROPERTY = "hotredis.redis-server";

  private static final String HOST = ServerLauncher.HOST;
  private static final Duration IO_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration RESTART_RETRY_PAUSE = Duration.ofMillis(50);
  private static final int PORT_ATTEMPTS = 5;
  private static final Set<Integer> RESERVED_PORTS = ConcurrentHashMap.newKeySet();

  private final ServerLauncher launcher;
  private final boolean ownsPortReservation;
  private final Runnable reaperAction = this::reap;
  private volatile Process process;
  private volatile boolean frozen;
  private volatile boolean closed;

  private RedisServer(ServerLauncher launcher, Process process, boolean ownsPortReservation) {
    this.launcher = launcher;
    this.process = process;
    this.ownsPortReservation = ownsPortReservation;
    Reaper.register(reaperAction);
  }

  /**
   * Starts a server with the default options on a free port.
   *
   * @return the running server
   * @throws IllegalStateException if the server does not start; the message includes its log
   */
  public static RedisServer start() {
    return builder().start();
  }

  /**
   * Starts a replica of a running server on a free port and waits until it has synchronized with it
   * ({@code master_link_status:up}).
   *
   * @param master the server to replicate
   * @return the running, synchronized replica
   * @throws IllegalStateException if the replica does not start
   * @throws AssertionError if it does not synchronize within 30 s
   */
  public static RedisServer startReplicaOf(RedisServer master) {
    RedisServer replica =
        builder().args("--replicaof", master.host(), Integer.toString(master.port())).start();
    try {
      Await.until(
          Duration.ofSeconds(30),
          () -> replica.info("replication").contains("master_link_status:up"),
          "the replica on port " + replica.port() + " to synchronize with its master");
    } catch (RuntimeException | Error e) {
      replica.close();
      throw e;
    }
    return replica;
  }

  /**
   * Returns a builder for a server with non-default options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the host the server listens on, {@code 127.0.0.1}.
   *
   * @return the host
   */
  public String host() {
    return HOST;
  }

  /**
   * Returns the port the server listens on; it stays the same across restarts.
   *
   * @return the port
   */
  public int port() {
    return launcher.port();
  }

  /**
   * Returns the Redis URI of the server: {@code redis://127.0.0.1:PORT}, or {@code
   * redis://:PASSWORD@127.0.0.1:PORT} (password percent-encoded) if it has a password.
   */
  @Override
  public boolean isCluster() {
    return false;
  }

  @Override
  public List<RedisServer> runningNodes() {
    return List.of(this);
  }

  @Override
  public List<RedisServer> masters() {
    return List.of(this);
  }

  @Override
  public RedisServer serving(String key) {
    return this;
  }

  @Override
  public String uri() {
    String password = launcher.password();
    String userInfo = password == null ? "" : ":" + percentEncode(password) + "@";
    return "redis://" + userInfo + HOST + ":" + port();
  }

  /**
   * Returns the password of the default user, or null if the server has none.
   *
   * @return the password, or null
   */
  public @Nullable String password() {
    return launcher.password();
  }

  /**
   * Returns the process id of the current (or, once stopped, the last) server process.
   *
   * @return the process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Returns whether the server process is alive; a frozen server is alive.
   *
   * @return true while the process is alive
   */
  public boolean isRunning() {
    return !closed && process.isAlive();
  }

  /**
   * Returns whether the server is frozen by {@link #freeze()}.
   *
   * @return true while frozen
   */
  public boolean isFrozen() {
    return frozen;
  }

  /**
   * Returns the server's temporary working directory, which holds its log file.
   *
   * @return the working directory
   */
  public Path directory() {
    return launcher.directory();
  }

  /**
   * Returns the last {@code lines} lines of the server log, or an empty string if none.
   *
   * @param lines how many lines at most
   * @return the lines, joined with newlines
   */
  public String logTail(int lines) {
    return launcher.logTail(lines);
  }

  /**
   * Sends one command and returns its reply: a simple or bulk string as {@link String} (a null bulk
   * string as null), an integer as {@link Long}, an array as {@code List<Object>} (a null array as
   * null; an error inside an array as a {@link ReplyError} element). One new connection (plus
   * {@code AUTH} if the server has a password) per call, with 2 s connect and read timeouts.
   *
   * @throws ReplyError if Redis replies with an error
   * @throws UncheckedIOException if the server cannot be reached or does not reply within 2 s (a
   *     frozen server); the cause is the {@link IOException}, a {@link SocketTimeoutException} on
   *     timeout
   * @throws IllegalStateException if the server is closed
   */
  @Override
  public @Nullable Object execute(String... command) {
    requireNonNull(command, "command");
    if (command.length == 0) {
      throw new IllegalArgumentException("empty command");
    }
    checkOpen();
    try (RespConnection connection = connect(IO_TIMEOUT)) {
      return connection.call(command);
    } catch (SocketTimeoutException e) {
      throw new UncheckedIOException(
          command[0]
              + " on "
              + HOST
              + ":"
              + port()
              + ": no reply within "
              + Await.format(IO_TIMEOUT)
              + (frozen ? " (the server is frozen)" : ""),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          command[0] + " on " + HOST + ":" + port() + " failed: " + e.getMessage(), e);
    }
  }

  /** Deletes every key in every database. One command (FLUSHALL). */
  @Override
  public void flushAll() {
    execute("FLUSHALL");
  }

  /**
   * Returns one section of the server's {@code INFO} text. One command (INFO).
   *
   * @param section the section, such as {@code replication}
   * @return the section's text
   */
  public String info(String section) {
    requireNonNull(section, "section");
    return string(execute("INFO", section), "INFO");
  }

  /** Resets the server statistics, including the command counts. One command (CONFIG RESETSTAT). */
  @Override
  public void resetStats() {
    execute("CONFIG", "RESETSTAT");
  }

  /**
   * Returns how many times {@code command} ran since the start or the last {@link #resetStats()},
   * or 0 if it never ran. One command (INFO commandstats). Subcommands are named as Redis names
   * them, for example {@code "config|get"}.
   */
  @Override
  public long commandCalls(String command) {
    requireNonNull(command, "command");
    String prefix = "cmdstat_" + command.toLowerCase(Locale.ROOT) + ":";
    return info("commandstats")
        .lines()
        .filter(line -> line.startsWith(prefix))
        .findFirst()
        .map(line -> parseCalls(line, prefix.length()))
        .orElse(0L);
  }

  /**
   * Stops the server gracefully: {@code SHUTDOWN NOSAVE} if it answers (otherwise {@code SIGTERM}),
   * then waits for the process to exit, killing it after 10 s. Unfreezes a frozen server first.
   * Does nothing if the server is not running.
   */
  public synchronized void stop() {
    checkOpen();
    Process current = process;
    if (!current.isAlive()) {
      frozen = false;
      return;
    }
    unfreeze();
    boolean requested = false;
    try (RespConnection connection = connect(IO_TIMEOUT)) {
      connection.call("SHUTDOWN", "NOSAVE");
    } catch (EOFException e) {
      requested = true; // The server closes the connection instead of replying when it exits.
    } catch (IOException | ReplyError e) {
      // Unreachable or refused: fall back to SIGTERM below.
    }
    if (!requested) {
      current.destroy();
    }
    if (!Processes.awaitExit(current, Processes.EXIT_TIMEOUT)) {
      Processes.kill(current);
    }
  }

  /**
   * Kills the server process with {@code SIGKILL} and waits for it to exit; all data is lost. Does
   * nothing if the server is not running.
   */
  public synchronized void kill() {
    checkOpen();
    Process current = process;
    if (current.isAlive()) {
      Processes.kill(current);
    }
    frozen = false;
  }

  /**
   * Suspends the server process with {@code SIGSTOP}: it keeps its port, and connections still
   * complete in the kernel, but no command is answered until {@link #unfreeze()}. Does nothing if
   * already frozen.
   *
   * @throws IllegalStateException if the server is not running
   */
  public synchronized void freeze() {
    checkOpen();
    Process current = process;
    if (!current.isAlive()) {
      throw new IllegalStateException("not running: " + this);
    }
    if (frozen) {
      return;
    }
    Processes.signal(current.pid(), "STOP");
    frozen = true;
    Processes.awaitStopped(current.pid());
  }

  /** Resumes a server frozen by {@link #freeze()} with {@code SIGCONT}; otherwise does nothing. */
  public synchronized void unfreeze() {
    checkOpen();
    if (!frozen) {
      return;
    }
    Process current = process;
    if (current.isAlive()) {
      Processes.signal(current.pid(), "CONT");
    }
    frozen = false;
  }

  /**
   * Stops the server if it is running, then starts a new process on the same port and directory
   * with the same options, and waits until it answers. The new server is empty. Binding is retried
   * until the startup timeout, in case the port is not yet free.
   *
   * @throws IllegalStateException if the server does not start again
   */
  public synchronized void restart() {
    checkOpen();
    stop();
    long deadline = System.nanoTime() + launcher.startupTimeout().toNanos();
    while (true) {
      ServerLauncher.Launch launch = launcher.launch(deadline);
      process = launch.process();
      if (launch.ready()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw launcher.failure(
            "port still in use after " + Await.format(launcher.startupTimeout()));
      }
      Await.sleepNanos(RESTART_RETRY_PAUSE.toNanos());
    }
  }

  /**
   * Kills the server process if it is alive (unfreezing it first) and deletes its directory.
   * Idempotent; the server cannot be used afterwards.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      Process current = process;
      if (current.isAlive()) {
        if (frozen) {
          try {
            Processes.signal(current.pid(), "CONT");
          } catch (RuntimeException e) {
            // SIGKILL below ends a stopped process as well; SIGCONT is a courtesy.
          }
        }
        current.destroyForcibly();
        Processes.awaitExit(current, Processes.EXIT_TIMEOUT);
      }
      frozen = false;
    }
    Reaper.unregister(reaperAction);
    if (ownsPortReservation) {
      RESERVED_PORTS.remove(port());
    }
    ServerLauncher.deleteRecursively(launcher.directory());
  }

  @Override
  public String toString() {
    String state =
        closed ? "closed" : frozen ? "frozen" : process.isAlive() ? "running" : "stopped";
    return "RedisServer[" + HOST + ":" + port() + ", pid " + process.pid() + ", " + state + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("closed: " + this);
    }
  }

  private RespConnection connect(Duration timeout) throws IOException {
    return launcher.connect(timeout);
  }

  /** Runs at JVM shutdown: takes no lock, since a live thread may hold it. */
  private void reap() {
    Process current = process;
    if (current.isAlive()) {
      current.destroyForcibly();
      Processes.awaitExit(current, Duration.ofSeconds(1));
    }
    ServerLauncher.deleteRecursively(launcher.directory());
  }

  private static RedisServer start(Builder builder) {
    Path executable =
        builder.executable != null ? builder.executable : ServerLauncher.defaultExecutable();
    Path directory;
    try {
      directory = Files.createTempDirectory("hot-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for redis-server", e);
    }
    boolean started = false;
    try {
      if (builder.sentinelConfig != null) {
        try {
          Files.writeString(
              directory.resolve(ServerLauncher.SENTINEL_CONFIG), builder.sentinelConfig, UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the sentinel configuration", e);
        }
      }
      long deadline = System.nanoTime() + builder.startupTimeout.toNanos();
      for (int attempt = 1; ; attempt++) {
        int port = builder.port != 0 ? builder.port : reserveFreePort();
        boolean reserved = builder.port == 0 || RESERVED_PORTS.add(port);
        ServerLauncher launcher =
            new ServerLauncher(
                executable,
                builder.password,
                List.copyOf(builder.args),
                builder.startupTimeout,
                directory,
                port,
                builder.sentinelConfig != null);
        ServerLauncher.Launch launch;
        try {
          launch = launcher.launch(deadline);
        } catch (RuntimeException e) {
          if (reserved) {
            RESERVED_PORTS.remove(port);
          }
          throw e;
        }
        if (launch.ready()) {
          started = true;
          return new RedisServer(launcher, launch.process(), reserved);
        }
        if (reserved) {
          RESERVED_PORTS.remove(port);
        }
        if (builder.port != 0 || attempt == PORT_ATTEMPTS) {
          throw launcher.failure(
              "address in use" + (builder.port != 0 ? "" : " (tried " + attempt + " ports)"));
        }
      }
    } finally {
      if (!started) {
        ServerLauncher.deleteRecursively(directory);
      }
    }
  }

  private static int reserveFreePort() {
    while (true) {
      int port;
      try (ServerSocket socket =
          new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free port", e);
      }
      if (port != 6379 && RESERVED_PORTS.add(port)) {
        return port;
      }
    }
  }

  private static long parseCalls(String line, int from) {
    int start = line.indexOf("calls=", from);
    if (start < 0) {
      throw new IllegalStateException("unexpected commandstats line: " + line);
    }
    start += "calls=".length();
    int end = line.indexOf(',', start);
    return Long.parseLong(line.substring(start, end < 0 ? line.length() : end).strip());
  }

  private static String string(@Nullable Object reply, String command) {
    if (reply instanceof String text) {
      return text;
    }
    throw new IllegalStateException("unexpected reply to " + command + ": " + reply);
  }

  private static String percentEncode(String text) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : text.getBytes(UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }

  /**
   * An error reply from Redis, such as {@code NOAUTH Authentication required.}; the message is the
   * error text.
   */
  public static final class ReplyError extends RuntimeException {
    /**
     * Creates an error with the error text Redis replied.
     *
     * @param message the error text
     */
    public ReplyError(String message) {
      super(requireNonNull(message, "message"));
    }

    /**
     * Returns the error code, the first word of the message ({@code ERR}, {@code NOAUTH}...).
     *
     * @return the error code
     */
    public String code() {
      String message = String.valueOf(getMessage());
      int space = message.indexOf(' ');
      return space < 0 ? message : message.substring(0, space);
    }
  }

  /** A builder of {@link RedisServer}s; every option has a default. */
  public static final class Builder {
    private int port;
    private @Nullable String password;
    private final List<String> args = new ArrayList<>();
    private @Nullable Path executable;
    private Duration startupTimeout = Duration.ofSeconds(10);
    private @Nullable String sentinelConfig;

    private Builder() {}

    /**
     * Sets the port; by default a free port is chosen (and another one if it is taken).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the password of the default user ({@code --requirepass}); by default there is none.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      requireNonNull(password, "password");
      if (password.isEmpty()) {
        throw new IllegalArgumentException("empty password");
      }
      this.password = password;
      return this;
    }

    /**
     * Adds one option with one value, such as {@code arg("maxmemory", "10mb")}; the leading {@code
     * --} is optional. The value is passed as a single argument; for an option that takes several
     * words (an ACL {@code --user} line) use {@link #args}.
     *
     * @param name the option, with or without the leading {@code --}
     * @param value its value
     * @return this builder
     */
    public Builder arg(String name, String value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      args.add(name.startsWith("--") ? name : "--" + name);
      args.add(value);
      return this;
    }

    /**
     * Adds raw {@code redis-server} arguments, such as {@code args("--user", "alice", "on",
     * ">secret", "~*", "+@all")}.
     *
     * @param args the arguments, in order
     * @return this builder
     */
    public Builder args(String... args) {
      for (String arg : requireNonNull(args, "args")) {
        this.args.add(requireNonNull(arg, "args contains null"));
      }
      return this;
    }

    /**
     * Sets the {@code redis-server} executable; by default the system property {@value
     * #EXECUTABLE_PROPERTY}, else {@code redis-server} on the {@code PATH}.
     *
     * @param executable the path of {@code redis-server}
     * @return this builder
     */
    public Builder executable(Path executable) {
      this.executable = requireNonNull(executable, "executable");
      return this;
    }

    /**
     * Sets how long start and restart wait for the server to answer; 10 s by default.
     *
     * @param startupTimeout how long to wait
     * @return this builder
     */
    public Builder startupTimeout(Duration startupTimeout) {
      requireNonNull(startupTimeout, "startupTimeout");
      if (startupTimeout.isNegative() || startupTimeout.isZero()) {
        throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
      }
      this.startupTimeout = startupTimeout;
      return this;
    }

    /**
     * Runs the server as a Redis Sentinel ({@code redis-server sentinel.conf --sentinel}) with a
     * configuration, such as {@code sentinel monitor mymaster 127.0.0.1 6379 2}, written to a file
     * in its directory that the sentinel then rewrites with what it learns.
     *
     * @param config the sentinel configuration
     * @return this builder
     */
    public Builder sentinel(String config) {
      this.sentinelConfig = requireNonNull(config, "config");
      return this;
    }

    /**
     * Starts the server and waits until it answers {@code PING}.
     *
     * @return the running server
     * @throws IllegalStateException if it does not start; the message includes the log tail
     */
    public RedisServer start() {
      return RedisServer.start(this);
    }
  }
}
