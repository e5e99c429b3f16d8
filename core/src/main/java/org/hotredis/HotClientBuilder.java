package org.hotredis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.hotredis.collections.HotDict;
import org.hotredis.collections.HotMultiSet;
import org.hotredis.collections.HotSet;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;
import org.hotredis.toolkit.IterationMemory;
import org.jspecify.annotations.Nullable;

/**
 * Configures and creates a {@link HotClient}.
 *
 * <pre>{@code
 * HotClient client = HotClient.builder()
 *     .uri("rediss://app:secret@redis.example.com:6380/2")
 *     .socketTimeout(Duration.ofSeconds(1))
 *     .poolSize(32)
 *     .build();
 * }</pre>
 *
 * <p>Defaults: {@code localhost:6379}, database 0, no TLS, connect and socket timeouts of 2 s, a
 * pool of up to 64 connections whose borrowers wait at most 2 s, client name {@code hot-redis}, and
 * a {@code PING} when the client is built so that a wrong address or password fails at once.
 */
public final class HotClientBuilder {

  enum Topology {
    STANDALONE,
    CLUSTER,
    SENTINEL
  }

  Topology topology = Topology.STANDALONE;
  List<HostAndPort> endpoints = List.of(new HostAndPort("localhost", RedisUri.DEFAULT_PORT));
  @Nullable String masterName;
  @Nullable String user;
  @Nullable String password;
  @Nullable String sentinelUser;
  @Nullable String sentinelPassword;
  int database;
  boolean tls;
  @Nullable SSLSocketFactory sslSocketFactory;
  @Nullable SSLParameters sslParameters;
  @Nullable HostnameVerifier hostnameVerifier;
  Duration connectTimeout = Duration.ofSeconds(2);
  Duration socketTimeout = Duration.ofSeconds(2);
  Duration borrowTimeout = Duration.ofSeconds(2);
  int poolSize = 64;
  String clientName = "hot-redis";
  boolean verify = true;
  long maxValueSize = 512L * 1024 * 1024;
  long iteratorMemory = IterationMemory.DEFAULT_BUDGET;
  int acknowledgingReplicas;
  Duration acknowledgementTimeout = Duration.ofSeconds(1);

  HotClientBuilder() {}

  /**
   * Applies a connection URI: its scheme, hosts, credentials, database and options.
   *
   * @param uri for example {@code redis://localhost:6379/0}, {@code
   *     rediss://user:password@host:6380}, {@code redis-cluster://h1:7000,h2:7001} or {@code
   *     redis-sentinel://s1:26379,s2:26379/mymaster}; see {@link HotClient#create(String)}
   * @return this builder
   * @throws IllegalArgumentException if the URI is malformed; the message quotes it without its
   *     password and says what is wrong
   */
  public HotClientBuilder uri(String uri) {
    RedisUri.apply(requireNonNull(uri, "uri"), this);
    return this;
  }

  /**
   * Connects to one Redis server.
   *
   * @param host the host name or address
   * @param port the port
   * @return this builder
   */
  public HotClientBuilder endpoint(String host, int port) {
    requireNonNull(host, "host");
    checkPort(port);
    this.topology = Topology.STANDALONE;
    this.endpoints = List.of(new HostAndPort(host, port));
    this.masterName = null;
    return this;
  }

  /**
   * Connects to a Redis Cluster through some of its nodes; the client discovers the others.
   *
   * @param seeds at least one node, as {@code host:port}
   * @return this builder
   */
  public HotClientBuilder cluster(List<String> seeds) {
    return clusterEndpoints(parseSeeds(seeds, RedisUri.DEFAULT_PORT));
  }

  HotClientBuilder clusterEndpoints(List<HostAndPort> seeds) {
    requireNonEmpty(seeds, "cluster seeds");
    this.topology = Topology.CLUSTER;
    this.endpoints = List.copyOf(seeds);
    this.masterName = null;
    return this;
  }

  /**
   * Connects to the master that a group of Redis Sentinels names, following failovers.
   *
   * @param sentinels at least one sentinel, as {@code host:port}
   * @param masterName the name the sentinels monitor the master under
   * @return this builder
   */
  public HotClientBuilder sentinel(List<String> sentinels, String masterName) {
    return sentinelEndpoints(parseSeeds(sentinels, RedisUri.DEFAULT_SENTINEL_PORT), masterName);
  }

  HotClientBuilder sentinelEndpoints(List<HostAndPort> sentinels, String masterName) {
    requireNonEmpty(sentinels, "sentinels");
    requireNonNull(masterName, "masterName");
    this.topology = Topology.SENTINEL;
    this.endpoints = List.copyOf(sentinels);
    this.masterName = masterName;
    return this;
  }

  /**
   * Selects a database (not available on Redis Cluster).
   *
   * @param database the database index, 0 by default
   * @return this builder
   */
  public HotClientBuilder database(int database) {
    if (database < 0) {
      throw new IllegalArgumentException("database must be >= 0, was " + database);
    }
    this.database = database;
    return this;
  }

  /**
   * Authenticates as an ACL user (Redis 6+); give {@link #password} too.
   *
   * @param user the ACL user name
   * @return this builder
   */
  public HotClientBuilder user(String user) {
    this.user = requireNonNull(user, "user");
    return this;
  }

  /**
   * Authenticates with a password ({@code requirepass}, or the ACL user's password).
   *
   * @param password the password; never logged or shown in messages
   * @return this builder
   */
  public HotClientBuilder password(String password) {
    this.password = requireNonNull(password, "password");
    return this;
  }

  /**
   * Authenticates to the sentinels themselves, when they require it.
   *
   * @param user the sentinels' ACL user, or null for the default user
   * @param password the sentinels' password, or null for none
   * @return this builder
   */
  public HotClientBuilder sentinelCredentials(@Nullable String user, @Nullable String password) {
    this.sentinelUser = user;
    this.sentinelPassword = password;
    return this;
  }

  @Nullable String sentinelUser() {
    return sentinelUser;
  }

  @Nullable String sentinelPassword() {
    return sentinelPassword;
  }

  /**
   * Uses TLS with the JVM's default trust store (as {@code rediss://} does).
   *
   * @param tls whether to use TLS
   * @return this builder
   */
  public HotClientBuilder tls(boolean tls) {
    this.tls = tls;
    return this;
  }

  /**
   * Uses TLS with your own socket factory (a custom trust store, client certificates), optional
   * parameters and an optional host name verifier.
   *
   * @param socketFactory creates the TLS sockets
   * @param parameters TLS parameters such as protocols and endpoint identification, or null
   * @param hostnameVerifier checks the server's name, or null for the default behaviour
   * @return this builder
   */
  public HotClientBuilder tls(
      SSLSocketFactory socketFactory,
      @Nullable SSLParameters parameters,
      @Nullable HostnameVerifier hostnameVerifier) {
    this.tls = true;
    this.sslSocketFactory = requireNonNull(socketFactory, "socketFactory");
    this.sslParameters = parameters;
    this.hostnameVerifier = hostnameVerifier;
    return this;
  }

  /**
   * Sets how long establishing a connection may take.
   *
   * @param timeout a positive duration, 2 s by default
   * @return this builder
   */
  public HotClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /**
   * Sets how long a call may wait for Redis before it fails with {@link HotConnectionException}. It
   * is the budget of the whole call: waiting for a ready pooled connection and waiting for the
   * reply share it (connections are opened on background threads, never on the caller's), so a call
   * on a server that does not answer fails within this time plus a few milliseconds. When Redis
   * answers something the call follows up on (a cluster redirection, {@code NOSCRIPT}, {@code
   * TRYAGAIN}), the follow-up has a budget of its own. It is also the handshake timeout of a new
   * connection.
   *
   * @param timeout a positive duration, 2 s by default
   * @return this builder
   */
  public HotClientBuilder socketTimeout(Duration timeout) {
    this.socketTimeout = positive(timeout, "socketTimeout");
    return this;
  }

  /**
   * Sets how long a call waits for a free pooled connection when all are busy. The wait also ends
   * when the call's {@linkplain #socketTimeout socket timeout} runs out, whichever comes first.
   *
   * @param timeout a positive duration, 2 s by default
   * @return this builder
   */
  public HotClientBuilder borrowTimeout(Duration timeout) {
    this.borrowTimeout = positive(timeout, "borrowTimeout");
    return this;
  }

  /**
   * Sets the most connections the client opens to each Redis node. Connections are opened only when
   * calls find none idle and are closed after 60 s unused, so the pool follows the concurrency a
   * JVM actually uses; the bound is what a burst of threads may open. A thread that finds every
   * connection in use waits for one (see {@link #borrowTimeout}), so a pool smaller than the
   * threads calling at once makes them take turns: with 32 threads and 16 connections, half the
   * calls wait, and the throughput drops well below what the threads get with a connection each.
   *
   * @param poolSize at least 1, 64 by default
   * @return this builder
   */
  public HotClientBuilder poolSize(int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
    }
    this.poolSize = poolSize;
    return this;
  }

  /**
   * Sets the name the connections report in {@code CLIENT LIST}.
   *
   * @param clientName a name without spaces, {@code hot-redis} by default
   * @return this builder
   */
  public HotClientBuilder clientName(String clientName) {
    requireNonNull(clientName, "clientName");
    if (clientName.isEmpty() || clientName.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException(
          "clientName must be non-empty without spaces, was '" + clientName + "'");
    }
    this.clientName = clientName;
    return this;
  }

  /**
   * Chooses whether {@link #build()} checks the connection with a {@code PING}. On by default, so
   * that a wrong address or password fails where the client is made; turn it off to create the
   * client before Redis is up (the first call then reports the problem).
   *
   * @param verify whether to ping when building
   * @return this builder
   */
  public HotClientBuilder verifyOnBuild(boolean verify) {
    this.verify = verify;
    return this;
  }

  /**
   * Makes every write wait until a number of replicas have it ({@code WAIT}, sent with the write on
   * the same connection, in the same round trip's flush): the mitigation for Redis's asynchronous
   * replication, under which a master that fails right after a write can take the write with it (a
   * lock acquired on such a master can be acquired twice). A write that fewer replicas acknowledge
   * within the timeout throws {@link HotReplicationException}; it stays applied on the master. Off
   * by default. Costs the replication delay on every write; reads are unaffected.
   *
   * @param replicas how many replicas must acknowledge each write, 1 or more
   * @param timeout how long to wait for them
   * @return this builder
   */
  public HotClientBuilder replicaAcknowledgement(int replicas, Duration timeout) {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
    }
    this.acknowledgingReplicas = replicas;
    this.acknowledgementTimeout = positive(timeout, "timeout");
    return this;
  }

  /**
   * Sets the largest encoded value the client sends. Redis refuses values above its {@code
   * proto-max-bulk-len} (512 MiB by default); checking before sending gives a clear error naming
   * the key instead of a broken connection.
   *
   * @param bytes the limit, 512 MiB by default; raise it together with the server's setting
   * @return this builder
   */
  public HotClientBuilder maxValueSize(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxValueSize must be positive, was " + bytes);
    }
    this.maxValueSize = bytes;
    return this;
  }

  /**
   * Sets how much memory of this JVM one iteration over a {@link HotSet}, a {@link HotDict} (its
   * views and {@code forEach}) or a {@link HotMultiSet} may use to remember the elements it has
   * returned, so that it returns each element once although Redis's {@code SCAN} may return one
   * twice when the collection shrinks during the iteration. An iteration that ends with its first
   * page (up to about a thousand elements) remembers nothing; otherwise each element costs its
   * encoded length plus 20 to 40 bytes, in two arrays that never grow beyond the budget. Beyond it,
   * the iteration moves what it remembers into a temporary hash in the collection's cluster slot,
   * which it deletes when it ends (an abandoned one expires after an hour), and each further page
   * costs one more round trip (one script); see {@link IterationMemory}.
   *
   * @param bytes the budget of each iteration, 16 MiB by default; 0 keeps the memory of every
   *     iteration of more than one page in Redis
   * @return this builder
   */
  public HotClientBuilder iteratorMemory(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("iteratorMemory must not be negative, was " + bytes);
    }
    this.iteratorMemory = bytes;
    return this;
  }

  /**
   * Creates the client.
   *
   * @return a new client; close it when done
   * @throws HotConnectionException if verification is on and Redis cannot be reached or refuses the
   *     credentials; the message names the endpoint
   * @throws IllegalArgumentException if the settings contradict each other (a database on Redis
   *     Cluster)
   */
  public HotClient build() {
    if (topology == Topology.CLUSTER && database != 0) {
      throw new IllegalArgumentException("Redis Cluster has only database 0, not " + database);
    }
    return new HotClient(this);
  }

  /** Returns where the client connects, for messages: never includes credentials. */
  String describe() {
    StringBuilder out = new StringBuilder();
    for (HostAndPort endpoint : endpoints) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(
              endpoint.getHost().indexOf(':') >= 0
                  ? "[" + endpoint.getHost() + "]"
                  : endpoint.getHost())
          .append(':')
          .append(endpoint.getPort());
    }
    return switch (topology) {
      case CLUSTER -> "cluster " + out;
      case SENTINEL -> "master '" + masterName + "' via sentinels " + out;
      case STANDALONE -> out.toString();
    };
  }

  private static List<HostAndPort> parseSeeds(List<String> seeds, int defaultPort) {
    requireNonNull(seeds, "seeds");
    return seeds.stream()
        .map(
            seed -> {
              requireNonNull(seed, "seeds contains null");
              return new HostAndPort(
                  seed.contains(":") ? seed.substring(0, seed.lastIndexOf(':')) : seed,
                  seed.contains(":") ? parsePort(seed) : defaultPort);
            })
        .collect(Collectors.toList());
  }

  private static int parsePort(String seed) {
    String port = seed.substring(seed.lastIndexOf(':') + 1);
    try {
      int p = Integer.parseInt(port);
      checkPort(p);
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port '" + port + "' in '" + seed + "' is not a number");
    }
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 1-65535");
    }
  }

  private static <T> void requireNonEmpty(List<T> list, String what) {
    requireNonNull(list, what);
    if (list.isEmpty()) {
      throw new IllegalArgumentException(what + " must name at least one host");
    }
  }

  private static Duration positive(Duration duration, String what) {
    requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
    return duration;
  }
}
