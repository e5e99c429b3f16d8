package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web application running in a child JVM ({@link JvmProcess}) on a port it chose itself, for
 * tests that start real applications (Spring Boot's, for example) and talk to them over HTTP.
 *
 * <p>{@link Builder#start()} launches the JVM and returns at once, so several applications start in
 * parallel; {@link #awaitReady} waits for the line that says it is ready and reads the port from
 * the line that names it ({@code Tomcat started on port 41877} by default).
 */
public final class WebApplication implements AutoCloseable {
  private static final String PORT_TEXT = "started on port ";
  private static final Pattern PORT = Pattern.compile(PORT_TEXT + "(\\d+)");
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final JvmProcess process;
  private final String name;
  private final String readyLine;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private volatile int port;

  private WebApplication(JvmProcess process, String name, String readyLine) {
    this.process = process;
    this.name = name;
    this.readyLine = readyLine;
  }

  /**
   * Returns a builder of an application that runs {@code mainClass} on the current class path.
   *
   * @param mainClass the application's main class
   * @return the builder
   */
  public static Builder builder(Class<?> mainClass) {
    return new Builder(mainClass);
  }

  /**
   * Waits until every application is ready.
   *
   * @param timeout how long to wait for each at most
   * @param applications the applications
   */
  public static void awaitReady(Duration timeout, List<WebApplication> applications) {
    for (WebApplication application : applications) {
      application.awaitReady(timeout);
    }
  }

  /**
   * Waits until the application has printed its ready line, and reads its port.
   *
   * @param timeout how long to wait at most
   * @return this application
   * @throws AssertionError if it does not become ready in time or exits; the message includes its
   *     output
   */
  public WebApplication awaitReady(Duration timeout) {
    process.awaitOutput(readyLine, timeout);
    String line = process.awaitOutput(PORT_TEXT, timeout);
    Matcher matcher = PORT.matcher(line);
    if (!matcher.find()) {
      throw new AssertionError(name + ": no port in \"" + line + "\"");
    }
    port = Integer.parseInt(matcher.group(1));
    return this;
  }

  /**
   * Returns the name given to the application, for messages.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the HTTP port the application listens on.
   *
   * @return the port
   * @throws IllegalStateException before {@link #awaitReady}
   */
  public int port() {
    if (port == 0) {
      throw new IllegalStateException(name + " is not ready yet");
    }
    return port;
  }

  /**
   * Returns the process id of the application's JVM.
   *
   * @return the process id
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Returns what the application printed so far.
   *
   * @return its output
   */
  public String output() {
    return process.output();
  }

  /**
   * Sends a {@code GET}.
   *
   * @param path the path and query, such as {@code /actuator/health}
   * @return the response, whatever its status
   */
  public HttpResponse<String> get(String path) {
    return send(request(path).GET().build());
  }

  /**
   * Sends a {@code GET} without waiting for the response.
   *
   * @param path the path and query
   * @return the response to come
   */
  public CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends a {@code POST} with a text body.
   *
   * @param path the path and query
   * @param body the body
   * @return the response, whatever its status
   */
  public HttpResponse<String> post(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /**
   * Sends a {@code PUT} with a text body.
   *
   * @param path the path and query
   * @param body the body
   * @return the response, whatever its status
   */
  public HttpResponse<String> put(String path, String body) {
    return send(
        request(path)
            .header("Content-Type", "text/plain")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(REQUEST_TIMEOUT);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      throw Await.interrupted(e);
    }
  }

  /**
   * Stops the application gracefully ({@code SIGTERM}) and waits for it to exit.
   *
   * @param timeout how long to wait at most
   * @return its exit code
   */
  public int stop(Duration timeout) {
    return process.stop(timeout);
  }

  /** Kills the application if it still runs. Idempotent. */
  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return name + " (" + process + (port == 0 ? "" : ", port " + port) + ")";
  }

  /** A builder of {@link WebApplication}s. */
  public static final class Builder {
    private final JvmProcess.Builder process;
    private final List<String> args = new ArrayList<>();
    private String name;
    private String readyLine = "Started ";

    private Builder(Class<?> mainClass) {
      this.process = JvmProcess.builder(requireNonNull(mainClass, "mainClass"));
      this.name = mainClass.getSimpleName();
    }

    /**
     * Names the application in messages.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /**
     * Adds program arguments, such as Spring Boot's {@code --server.port=0}.
     *
     * @param args the arguments
     * @return this builder
     */
    public Builder args(String... args) {
      for (String arg : requireNonNull(args, "args")) {
        this.args.add(requireNonNull(arg, "args contains null"));
      }
      return this;
    }

    /**
     * Adds arguments of the JVM itself, such as {@code -Xmx256m}.
     *
     * @param jvmArgs the arguments
     * @return this builder
     */
    public Builder jvmArgs(String... jvmArgs) {
      for (String jvmArg : requireNonNull(jvmArgs, "jvmArgs")) {
        process.jvmArg(jvmArg);
      }
      return this;
    }

    /**
     * Sets the text of the line that says the application is ready ({@code Started } by default, as
     * Spring Boot prints it).
     *
     * @param readyLine the text
     * @return this builder
     */
    public Builder readyLine(String readyLine) {
      this.readyLine = requireNonNull(readyLine, "readyLine");
      return this;
    }

    /**
     * Launches the application's JVM and returns at once; see {@link WebApplication#awaitReady}.
     *
     * @return the application, starting
     */
    public WebApplication start() {
      return new WebApplication(process.args(args.toArray(new String[0])).start(), name, readyLine);
    }
  }
}
