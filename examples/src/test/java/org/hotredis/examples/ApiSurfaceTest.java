package org.hotredis.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.hotredis.HotClient;
import org.hotredis.concurrent.HotConcurrency;
import org.hotredis.jcache.spi.HotCachingProvider;
import org.junit.jupiter.api.Test;

/**
 * The public surface of {@code core}, {@code concurrency} and {@code provider}, checked against
 * {@code api-surface.txt}: the nearest equivalent of a module descriptor's exports that works with
 * the relocated Jedis. Making a class public, or adding a public one, fails this test until the
 * list is changed on purpose; the engine stays package-private.
 */
final class ApiSurfaceTest {

  @Test
  void publicTypes_areExactlyTheListedOnes() throws Exception {
    TreeSet<String> actual = new TreeSet<>();
    for (Class<?> anchor :
        List.of(HotClient.class, HotConcurrency.class, HotCachingProvider.class)) {
      actual.addAll(publicTypes(anchor));
    }
    List<String> expected;
    try (InputStream in = ApiSurfaceTest.class.getResourceAsStream("api-surface.txt")) {
      expected =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(line -> !line.isBlank() && !line.startsWith("#"))
              .toList();
    }
    assertThat(actual)
        .as(
            "public types of core, concurrency and provider; if the change is meant, update"
                + " examples/src/test/resources/org/hotredis/examples/api-surface.txt")
        .containsExactlyElementsOf(new TreeSet<>(expected));
  }

  /** Returns the public top-level and public member types of the artifact holding a class. */
  private static List<String> publicTypes(Class<?> anchor)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> classFiles = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files
            .filter(f -> f.toString().endsWith(".class"))
            .forEach(f -> classFiles.add(location.relativize(f).toString().replace('\\', '/')));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream()
            .map(e -> e.getName())
            .filter(n -> n.endsWith(".class"))
            .forEach(classFiles::add);
      }
    }
    List<String> types = new ArrayList<>();
    for (String file : classFiles) {
      String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      if (!name.startsWith("org.hotredis.") || name.endsWith("package-info")) {
        continue;
      }
      Class<?> type = Class.forName(name, false, anchor.getClassLoader());
      if (isExported(type)) {
        types.add(type.getName());
      }
    }
    return types;
  }

  private static boolean isExported(Class<?> type) {
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }
}
