package org.hotredis.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.cache.Caching;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.hotredis.HotClient;
import org.hotredis.HotRedis;
import org.hotredis.jcache.configuration.ProviderSettings;
import org.hotredis.testing.RedisServer;
import org.hotredis.testing.RedisTest;
import org.hotredis.testing.SingleServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the Java code of every guide (README.md and docs/*.md), so that a guide cannot drift from
 * the API: the {@code ```java} blocks of one file are one program, in order, compiled and run
 * against a private server. A block of statements goes into the program's body, so later blocks use
 * what earlier ones declared; a block that declares a type ({@code record}, {@code class}, {@code
 * interface}, {@code enum}, or one starting with an annotation) becomes a nested type. The guides'
 * {@code redis://localhost:6379} is replaced by the private server's URI; objects built without a
 * client and the JCache provider use that server too, and a guide that uses a {@code client}
 * without declaring one (it was made in getting-started.md) gets the default client.
 */
@RedisTest
@SingleServerTest
final class GuidesTest {
  private static final String FENCE = "```";
  private static final java.util.regex.Pattern DECLARES_CLIENT =
      java.util.regex.Pattern.compile("HotClient client\\b");
  private static final List<String> IMPORTS =
      List.of(
          "java.time.*",
          "java.util.*",
          "java.util.concurrent.*",
          "java.util.concurrent.locks.*",
          "javax.cache.*",
          "javax.cache.configuration.*",
          "org.hotredis.*",
          "org.hotredis.codec.*",
          "org.hotredis.collections.*",
          "org.hotredis.numbers.*",
          "org.hotredis.strings.*",
          "org.hotredis.concurrent.*",
          "org.hotredis.concurrent.atomic.*",
          "org.hotredis.concurrent.limits.*",
          "org.hotredis.concurrent.locks.*",
          "org.hotredis.concurrent.queues.*",
          "org.hotredis.concurrent.spi.*",
          "org.hotredis.jcache.*",
          "org.hotredis.jcache.configuration.*",
          "org.hotredis.jcache.processor.*");

  private static RedisServer server;
  private static HotClient client;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    client = HotClient.create(server.uri());
    HotRedis.configure(client);
    System.setProperty(ProviderSettings.URI, server.uri());
  }

  @AfterAll
  static void stop() {
    System.clearProperty(ProviderSettings.URI);
    HotRedis.reset();
    client.close();
    server.close();
  }

  @TestFactory
  Stream<DynamicTest> guides() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Path> guides = new ArrayList<>();
    guides.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(guides::add);
    }
    assertThat(guides).hasSizeGreaterThan(5);
    return guides.stream()
        .filter(GuidesTest::hasJava)
        .map(
            guide ->
                DynamicTest.dynamicTest(
                    root.relativize(guide).toString(),
                    () -> assertTimeoutPreemptively(Duration.ofMinutes(1), () -> run(guide))));
  }

  private static boolean hasJava(Path guide) {
    try {
      return Files.readString(guide, UTF_8).contains(FENCE + "java\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + guide, e);
    }
  }

  /** One block of a guide: its text and the line of the guide it starts on. */
  private record Block(String text, int line) {
    boolean declaresType() {
      String first = text.strip();
      return Stream.of("record ", "class ", "interface ", "enum ", "@", "public ", "final ")
          .anyMatch(first::startsWith);
    }
  }

  private static List<Block> blocks(Path guide) throws IOException {
    List<String> lines = Files.readAllLines(guide, UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals(FENCE + "java")) {
        int start = i + 1;
        StringBuilder text = new StringBuilder();
        for (i = start; i < lines.size() && !lines.get(i).equals(FENCE); i++) {
          text.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(text.toString(), start + 1));
      }
    }
    return blocks;
  }

  private static void run(Path guide) throws Exception {
    server.flushAll();
    HotRedis.configure(client);
    String name =
        "Guide_"
            + guide
                .getFileName()
                .toString()
                .replace(".md", "")
                .replaceAll("[^A-Za-z0-9]", "_")
                .toLowerCase(Locale.ROOT);
    StringBuilder types = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (Block block : blocks(guide)) {
      String text =
          block
              .text()
              .replace("\"redis://localhost:6379/0\"", "\"" + server.uri() + "/0\"")
              .replace("\"redis://localhost:6379\"", "\"" + server.uri() + "\"");
      StringBuilder target = block.declaresType() ? types : body;
      target
          .append("// ")
          .append(guide.getFileName())
          .append(':')
          .append(block.line())
          .append('\n');
      target.append(block.declaresType() ? "static " : "").append(text).append('\n');
    }
    if (!DECLARES_CLIENT.matcher(body).find()) {
      body.insert(0, "HotClient client = HotRedis.client();\n");
    }
    StringBuilder source = new StringBuilder("package guides;\n");
    IMPORTS.forEach(i -> source.append("import ").append(i).append(";\n"));
    source
        .append("public final class ")
        .append(name)
        .append(" {\n")
        .append(types)
        .append("public static void run() throws Exception {\n")
        .append(body)
        .append("}\n}\n");
    Class<?> program = compile(guide, name, source.toString());
    Method run = program.getMethod("run");
    try {
      run.invoke(null);
    } catch (InvocationTargetException e) {
      throw new AssertionError(guide.getFileName() + ": its Java code failed", e.getCause());
    } finally {
      Caching.getCachingProvider().close();
    }
  }

  private static Class<?> compile(Path guide, String name, String source) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path out = Files.createTempDirectory("guides");
    Path file = out.resolve(name + ".java");
    Files.writeString(file, source, UTF_8);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, null, UTF_8)) {
      StringWriter output = new StringWriter();
      boolean compiled =
          compiler
              .getTask(
                  output,
                  files,
                  diagnostics,
                  List.of(
                      "-classpath",
                      System.getProperty("java.class.path"),
                      "-d",
                      out.toString(),
                      "-proc:none"),
                  null,
                  files.getJavaFileObjects(file))
              .call();
      if (!compiled) {
        StringBuilder message =
            new StringBuilder(guide.getFileName() + ": its Java code does not compile\n");
        List<String> lines = source.lines().toList();
        diagnostics
            .getDiagnostics()
            .forEach(
                d ->
                    message
                        .append(d.getKind())
                        .append(" at ")
                        .append(origin(lines, (int) d.getLineNumber()))
                        .append(": ")
                        .append(d.getMessage(Locale.ROOT))
                        .append('\n'));
        throw new AssertionError(message.append(output));
      }
    }
    URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, GuidesTest.class.getClassLoader());
    return loader.loadClass("guides." + name);
  }

  /** Names the guide line a line of the generated source came from. */
  private static String origin(List<String> lines, int line) {
    for (int i = Math.min(line, lines.size()) - 1; i >= 0; i--) {
      String marker = lines.get(i).strip();
      if (marker.startsWith("// ") && marker.contains(".md:")) {
        String origin = marker.substring(3);
        int colon = origin.lastIndexOf(':');
        return origin.substring(0, colon)
            + " line "
            + (Integer.parseInt(origin.substring(colon + 1)) + (line - 1 - i) - 1);
      }
    }
    return "generated line " + line;
  }
}
