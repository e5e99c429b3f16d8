package org.hotredis.apps.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.WebApplication;
import org.springframework.boot.json.BasicJsonParser;

/** Instances of the catalog application, each in its own JVM, and what tests read from them. */
final class Catalogs {
  /** How long an instance may take to start on a busy machine. */
  static final Duration STARTUP = Duration.ofMinutes(3);

  /** How long an instance may take to stop. */
  static final Duration SHUTDOWN = Duration.ofMinutes(1);

  private Catalogs() {}

  /**
   * Returns an instance named {@code name} whose Redis (HOT Redis's and Spring Data Redis's) is the
   * test's server: the URIs come from command-line properties, over {@code application.properties}.
   */
  static WebApplication.Builder instance(String name, RedisServer redis, String... args) {
    return WebApplication.builder(CatalogApplication.class)
        .name(name)
        // a small, quickly started JVM: the machine runs several at once
        .jvmArgs("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-Xss512k")
        .args(
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--catalog.instance=" + name,
            "--hotredis.uri=" + redis.uri(),
            "--hotredis.client-name=" + name,
            "--spring.data.redis.url=" + redis.uri())
        .args(args);
  }

  /** Parses a JSON object response, checking its status is 2xx. */
  static Map<String, Object> json(HttpResponse<String> response) {
    assertThat(response.statusCode())
        .as("%s %s: %s", response.request().method(), response.uri(), response.body())
        .isBetween(200, 299);
    return new BasicJsonParser().parseMap(response.body());
  }

  /** Returns whether a quote response holds no quote (JSON null). */
  static boolean noQuote(Map<String, Object> response) {
    Object quote = response.get("quote");
    return quote == null || "null".equals(quote);
  }

  /** Writes what an instance printed to {@code target/<name>.log}, for a failure's post-mortem. */
  static void saveLog(WebApplication instance) {
    try {
      Files.writeString(Path.of("target", instance.name() + ".log"), instance.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a JSON object's nested object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> json, String name) {
    return (Map<String, Object>) json.get(name);
  }

  /** Returns how many quotes an instance computed. */
  static long calls(WebApplication instance) {
    return ((Number) json(instance.get("/quotes")).get("calls")).longValue();
  }

  /**
   * Returns the value of one statistic of a meter on {@code /actuator/metrics}, 0 if the meter does
   * not exist yet.
   */
  static double metric(WebApplication instance, String name, String statistic, String... tags) {
    StringBuilder path = new StringBuilder("/actuator/metrics/" + name);
    for (int i = 0; i < tags.length; i++) {
      path.append(i == 0 ? '?' : '&').append("tag=").append(tags[i]);
    }
    HttpResponse<String> response = instance.get(path.toString());
    if (response.statusCode() == 404) {
      return 0;
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> measurements =
        (List<Map<String, Object>>) json(response).get("measurements");
    return measurements.stream()
        .filter(m -> statistic.equals(m.get("statistic")))
        .mapToDouble(m -> ((Number) m.get("value")).doubleValue())
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(name + " has no " + statistic + ": " + response.body()));
  }

  /** Returns the status of HOT Redis's health indicator. */
  static String health(WebApplication instance) {
    return String.valueOf(json200or503(instance.get("/actuator/health/hotRedis")).get("status"));
  }

  private static Map<String, Object> json200or503(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
    return new BasicJsonParser().parseMap(response.body());
  }

  /**
   * Returns the remote TCP ports of the sockets a process has open (Linux: its {@code /proc/PID/fd}
   * matched with {@code /proc/net/tcp} and {@code tcp6}); null where {@code /proc} is missing.
   */
  static Set<Integer> remotePorts(long pid) {
    Path fds = Path.of("/proc", Long.toString(pid), "fd");
    if (!Files.isDirectory(fds)) {
      return null;
    }
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
      for (Path fd : entries) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed while listing
        }
      }
      Set<Integer> ports = new HashSet<>();
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        Path path = Path.of(table);
        if (!Files.isReadable(path)) {
          continue;
        }
        List<String> lines = Files.readAllLines(path);
        for (String line : lines.subList(1, lines.size())) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length > 9 && inodes.contains(fields[9])) {
            String remote = fields[2];
            ports.add(Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16));
          }
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the sockets of process " + pid, e);
    }
  }
}
