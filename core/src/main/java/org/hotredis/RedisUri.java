package org.hotredis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hotredis.shaded.redis.clients.jedis.HostAndPort;

/**
 * Parses the connection URIs HOT Redis accepts into a {@link HotClientBuilder}:
 *
 * <pre>
 * redis://[user[:password]@]host[:port][/database][?option=value&amp;...]
 * rediss://...                                   (TLS)
 * redis-cluster://[user[:password]@]host:port,host:port,...[?...]
 * redis-sentinel://[user[:password]@]host:port,host:port,.../master-name[/database][?...]
 * </pre>
 *
 * <p>{@code rediss-cluster} and {@code rediss-sentinel} use TLS. Options: {@code timeout} and
 * {@code connectTimeout} (milliseconds, or with a unit: {@code 500ms}, {@code 2s}), {@code
 * poolSize}, {@code clientName}, {@code sentinelUser}, {@code sentinelPassword}. User and password
 * are percent-decoded. Messages about a URI never include its password.
 */
final class RedisUri {
  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;

  private RedisUri() {}

  static void apply(String uri, HotClientBuilder builder) {
    String safe = redact(uri);
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd <= 0) {
      throw invalid(
          safe, "it must start with redis://, rediss://, redis-cluster:// or redis-sentinel://");
    }
    String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = uri.substring(schemeEnd + 3);
    HotClientBuilder.Topology topology =
        switch (scheme) {
          case "redis", "rediss" -> HotClientBuilder.Topology.STANDALONE;
          case "redis-cluster", "rediss-cluster" -> HotClientBuilder.Topology.CLUSTER;
          case "redis-sentinel", "rediss-sentinel" -> HotClientBuilder.Topology.SENTINEL;
          default -> throw invalid(safe, "unknown scheme '" + scheme + "'");
        };
    boolean tls = scheme.startsWith("rediss");
    // The user information ends at the last '@': generated passwords often contain '/', '?' or
    // '+', and they are taken as written. A '@' in a password or option value must be %40.
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        throw invalid(
            safe,
            "the part before '@' has no ':'; write redis://:password@host for a password, or"
                + " redis://user:password@host for an ACL user");
      }
      String user = decode(userInfo.substring(0, colon), safe);
      String password = decode(userInfo.substring(colon + 1), safe);
      if (!user.isEmpty()) {
        builder.user(user);
      }
      if (!password.isEmpty()) {
        builder.password(password);
      }
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    if (hosts.isEmpty()) {
      throw invalid(safe, "it names no host");
    }
    int defaultPort =
        topology == HotClientBuilder.Topology.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
    List<HostAndPort> endpoints = new ArrayList<>();
    for (String hostPort : hosts.split(",", -1)) {
      endpoints.add(parseHostPort(hostPort, defaultPort, safe));
    }
    if (topology == HotClientBuilder.Topology.STANDALONE && endpoints.size() != 1) {
      throw invalid(
          safe,
          "a redis:// URI names one host; use redis-cluster:// or redis-sentinel:// for several");
    }
    String database = path;
    if (topology == HotClientBuilder.Topology.SENTINEL) {
      int next = path.indexOf('/');
      String master = next < 0 ? path : path.substring(0, next);
      database = next < 0 ? "" : path.substring(next + 1);
      if (master.isEmpty()) {
        throw invalid(
            safe,
            "a redis-sentinel:// URI must name the master: redis-sentinel://host:26379/mymaster");
      }
      builder.sentinelEndpoints(endpoints, decode(master, safe));
    } else if (topology == HotClientBuilder.Topology.CLUSTER) {
      builder.clusterEndpoints(endpoints);
    } else {
      builder.endpoint(endpoints.get(0).getHost(), endpoints.get(0).getPort());
    }
    if (database.endsWith("/")) {
      database = database.substring(0, database.length() - 1);
    }
    if (!database.isEmpty()) {
      if (topology == HotClientBuilder.Topology.CLUSTER) {
        throw invalid(safe, "Redis Cluster has only database 0; remove '/" + database + "'");
      }
      int index = parseInt(database, "database", safe);
      checked(safe, () -> builder.database(index));
    }
    builder.tls(tls);
    if (!query.isEmpty()) {
      applyOptions(query, builder, safe);
    }
  }

  private static void applyOptions(String query, HotClientBuilder builder, String safe) {
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw invalid(safe, "option '" + pair + "' has no value");
      }
      String name = pair.substring(0, eq);
      String value = decode(pair.substring(eq + 1), safe);
      switch (name) {
        case "timeout", "socketTimeout" -> {
          var timeout = parseDuration(value, name, safe);
          checked(safe, () -> builder.socketTimeout(timeout));
        }
        case "connectTimeout" -> {
          var timeout = parseDuration(value, name, safe);
          checked(safe, () -> builder.connectTimeout(timeout));
        }
        case "poolSize" -> {
          int size = parseInt(value, name, safe);
          checked(safe, () -> builder.poolSize(size));
        }
        case "clientName" -> checked(safe, () -> builder.clientName(value));
        case "sentinelUser" -> builder.sentinelCredentials(value, builder.sentinelPassword());
        case "sentinelPassword" -> builder.sentinelCredentials(builder.sentinelUser(), value);
        default ->
            throw invalid(
                safe,
                "unknown option '"
                    + name
                    + "' (known: timeout, connectTimeout, poolSize, clientName, sentinelUser,"
                    + " sentinelPassword)");
      }
    }
  }

  /** Runs a builder setter, reporting its refusal as a URI error that quotes the URI. */
  private static void checked(String safe, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw invalid(safe, String.valueOf(e.getMessage()));
    }
  }

  private static HostAndPort parseHostPort(String hostPort, int defaultPort, String safe) {
    String host;
    String port;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw invalid(safe, "unclosed '[' in host '" + hostPort + "'");
      }
      host = hostPort.substring(1, close);
      String after = hostPort.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw invalid(safe, "unexpected text after ']' in '" + hostPort + "'");
      }
      port = after.isEmpty() ? "" : after.substring(1);
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      port = colon < 0 ? "" : hostPort.substring(colon + 1);
      if (host.indexOf(':') >= 0) {
        throw invalid(
            safe, "IPv6 address '" + hostPort + "' must be written in brackets: [::1]:6379");
      }
    }
    if (host.isEmpty()) {
      throw invalid(safe, "empty host in '" + hostPort + "'");
    }
    if (port.isEmpty() && hostPort.endsWith(":")) {
      throw invalid(safe, "empty port in '" + hostPort + "'");
    }
    int portNumber = port.isEmpty() ? defaultPort : parsePort(port, safe);
    if (portNumber < 1 || portNumber > 65535) {
      throw invalid(safe, "port " + portNumber + " is outside 1-65535");
    }
    return new HostAndPort(host, portNumber);
  }

  private static int parsePort(String text, String safe) {
    if (!text.matches("-?\\d{1,9}")) {
      throw invalid(
          safe,
          text.matches("-?\\d+")
              ? "port " + text + " is outside 1-65535"
              : "port '" + text + "' is not a number");
    }
    return Integer.parseInt(text);
  }

  private static int parseInt(String text, String what, String safe) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw invalid(safe, what + " '" + text + "' is not a number");
    }
  }

  static Duration parseDuration(String text, String what, String safe) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      return Duration.ofMillis(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw invalid(
          safe, what + " '" + text + "' is not a duration (give 500ms, 2s or milliseconds)");
    }
  }

  private static String decode(String text, String safe) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(safe, "bad percent-encoding");
    }
  }

  private static IllegalArgumentException invalid(String safeUri, String why) {
    return new IllegalArgumentException("invalid Redis URI '" + safeUri + "': " + why);
  }

  /**
   * Returns the URI with its password replaced by {@code ***}, for messages and logs. Everything
   * between the scheme and the last {@code @} counts as user information, as {@link #apply} reads
   * it; only the user name before its first {@code :} is kept.
   */
  static String redact(String uri) {
    int schemeEnd = uri.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int at = uri.lastIndexOf('@');
    String redacted = uri;
    if (at >= start) {
      String userInfo = uri.substring(start, at);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : userInfo.substring(0, colon);
      redacted = uri.substring(0, start) + user + ":***" + uri.substring(at);
    }
    return redacted.replaceAll("(?i)(sentinelPassword=)[^&]*", "$1***");
  }
}
