package org.hotredis.jcache.configuration;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.cache.CacheException;
import org.jspecify.annotations.Nullable;

/**
 * Decides which classes a cache configuration read from Redis may make this JVM load or run. A JVM
 * that attaches to a cache it has not declared ({@code getCache}) takes the stored configuration;
 * anyone who can write the cache's {@code config} key could have written it, so it is trusted only
 * as far as this JVM's own settings reach, and every class name is checked <em>before</em> the
 * class is loaded:
 *
 * <ul>
 *   <li>key and value types: {@code Object}, the types HOT Redis has a text codec for ({@code
 *       String}, the boxed numbers, {@code BigInteger}, {@code BigDecimal}, {@code Boolean}, {@code
 *       UUID}, {@code byte[]}), and classes the JVM's serialization allow-list names ({@value
 *       ProviderSettings#SERIALIZATION_ALLOW});
 *   <li>code: the classes a stored factory (expiry policy, loader, writer, default factory) holds
 *       or names, and codec classes, only if the JVM's factory allow-list names them ({@value
 *       ProviderSettings#FACTORY_ALLOW}); JCache's own expiry policies and factories, and JDK value
 *       classes, need no setting.
 * </ul>
 *
 * <p>The allow-list stored in Redis never widens the reader's. Patterns are a class ({@code
 * com.acme.Order}, {@code com.acme.Outer$Inner}), a package ({@code com.acme.*}) or a package tree
 * ({@code com.acme.**}); nothing wider.
 */
public final class AllowList {
  private static final List<String> BUILT_IN_CODECS = List.of("default", "json", "java");

  /** Types HOT Redis stores as text: accepted from Redis without a setting. */
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "java.lang.Object",
          "java.lang.String",
          "java.lang.Long",
          "java.lang.Integer",
          "java.lang.Short",
          "java.lang.Byte",
          "java.lang.Double",
          "java.lang.Float",
          "java.lang.Boolean",
          "java.math.BigInteger",
          "java.math.BigDecimal",
          "java.util.UUID",
          "[B");

  /** Data classes a stored factory's bytes may hold without a setting: they run no user code. */
  private static final List<String> VALUE_CLASSES =
      List.of(
          "java.lang.*",
          "java.math.*",
          "java.time.*",
          "java.util.*",
          "java.util.concurrent.TimeUnit",
          "javax.cache.expiry.Duration");

  /** JCache's factories and expiry policies: they create nothing the stream does not name. */
  private static final Set<String> JCACHE_CODE =
      Set.of(
          "javax.cache.configuration.FactoryBuilder$SingletonFactory",
          "javax.cache.configuration.FactoryBuilder$ClassFactory",
          "javax.cache.expiry.AccessedExpiryPolicy",
          "javax.cache.expiry.CreatedExpiryPolicy",
          "javax.cache.expiry.EternalExpiryPolicy",
          "javax.cache.expiry.ModifiedExpiryPolicy",
          "javax.cache.expiry.TouchedExpiryPolicy",
          "java.lang.invoke.SerializedLambda");

  /** A class name, or a package name followed by {@code .*} or {@code .**}; nothing wider. */
  private static final Pattern PATTERN =
      Pattern.compile(
          "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
              + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*(\\.\\*|\\.\\*\\*)?");

  private final String cache;
  private final List<String> types;
  private final List<String> factories;

  private AllowList(String cache, List<String> types, List<String> factories) {
    this.cache = cache;
    this.types = List.copyOf(types);
    this.factories = List.copyOf(factories);
  }

  /**
   * Returns what a JVM accepts from the configuration of one cache stored in Redis.
   *
   * @param cache the cache name, for messages
   * @param serializationAllowList the JVM's own serialization allow-list ({@value
   *     ProviderSettings#SERIALIZATION_ALLOW}), for key and value types
   * @param factoryAllowList the JVM's own factory allow-list ({@value
   *     ProviderSettings#FACTORY_ALLOW}), for code
   * @return the allow-list
   */
  public static AllowList forStored(
      String cache, List<String> serializationAllowList, List<String> factoryAllowList) {
    return new AllowList(
        requireNonNull(cache, "cache"),
        requireNonNull(serializationAllowList, "serializationAllowList"),
        requireNonNull(factoryAllowList, "factoryAllowList"));
  }

  /**
   * Checks the patterns of an allow-list setting.
   *
   * @param setting the setting, for the message
   * @param patterns the patterns
   * @return the patterns
   * @throws CacheException if a pattern is wider than a package tree
   */
  static List<String> checkPatterns(String setting, List<String> patterns) {
    for (String pattern : patterns) {
      if (!PATTERN.matcher(pattern).matches()) {
        throw new CacheException(
            setting
                + ": pattern '"
                + pattern
                + "' is not allowed: give a class (com.acme.Writer), a package (com.acme.*) or a"
                + " package tree (com.acme.**)");
      }
    }
    return patterns;
  }

  /**
   * Checks a key or value type named in Redis, before it is loaded.
   *
   * @param what {@code key type} or {@code value type}
   * @param className the class name
   * @throws CacheException naming the class and the setting that would accept it
   */
  void checkType(String what, String className) {
    if (!TEXT_TYPES.contains(className) && !matches(types, className)) {
      throw refused(what + " " + className, ProviderSettings.SERIALIZATION_ALLOW);
    }
  }

  /**
   * Checks a codec named in Redis, before any class it names is loaded.
   *
   * @param name the codec's name: built in, or a class name
   * @throws CacheException naming the class and the setting that would accept it
   */
  void checkCodec(@Nullable String name) {
    if (name == null || BUILT_IN_CODECS.contains(name.trim())) {
      return;
    }
    if (!matches(factories, name.trim())) {
      throw refused("codec class " + name, ProviderSettings.FACTORY_ALLOW);
    }
  }

  /**
   * Checks a class a stored factory's serialized form holds, before it is loaded.
   *
   * @param what the factory, such as {@code writer factory}
   * @param className the class name, as the stream gives it (an array's name included)
   * @throws CacheException naming the class and the setting that would accept it
   */
  void checkFactoryClass(String what, String className) {
    String name = componentName(className);
    if (name.isEmpty() || JCACHE_CODE.contains(name) || matches(VALUE_CLASSES, name)) {
      return;
    }
    if (!matches(factories, name)) {
      throw refused(what + " class " + name, ProviderSettings.FACTORY_ALLOW);
    }
  }

  /**
   * Checks the class a stored {@code FactoryBuilder.ClassFactory} would instantiate.
   *
   * @param what the factory, such as {@code writer factory}
   * @param className the class it names
   * @throws CacheException naming the class and the setting that would accept it
   */
  void checkNamedClass(String what, String className) {
    if (!matches(factories, className)) {
      throw refused(what + " naming class " + className, ProviderSettings.FACTORY_ALLOW);
    }
  }

  /** The component class of an array type name ({@code [[Lcom.acme.X;}), or "" for primitives. */
  private static String componentName(String className) {
    if (!className.startsWith("[")) {
      return className;
    }
    String element = className.substring(className.lastIndexOf('[') + 1);
    return element.startsWith("L") && element.endsWith(";")
        ? element.substring(1, element.length() - 1)
        : "";
  }

  /**
   * Whether a class name matches an allow-list, as {@link java.io.ObjectInputFilter} patterns do:
   * the class itself, {@code package.*} (the package's classes) or {@code package.**} (the package
   * and its sub-packages).
   */
  static boolean matches(List<String> patterns, String className) {
    for (String pattern : patterns) {
      if (pattern.endsWith(".**")) {
        if (className.startsWith(pattern.substring(0, pattern.length() - 2))) {
          return true;
        }
      } else if (pattern.endsWith(".*")) {
        String pkg = pattern.substring(0, pattern.length() - 1);
        if (className.startsWith(pkg) && className.indexOf('.', pkg.length()) < 0) {
          return true;
        }
      } else if (className.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  private CacheException refused(String what, String setting) {
    return new CacheException(
        "cache "
            + cache
            + " is stored in Redis with "
            + what
            + ", which this JVM does not accept from Redis: add it to "
            + setting
            + ", or declare the cache ("
            + ProviderSettings.CACHE
            + cache
            + ".*) so that this JVM uses its own configuration");
  }

  @Override
  public String toString() {
    return "AllowList[" + cache + ", types " + types + ", factories " + factories + "]";
  }
}
