package org.hotredis.concurrent.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The class-path resource {@value #RESOURCE} that configures the concurrency SPI: the key {@code
 * provider} names the provider {@link Concurrency} chooses, the key {@code uri} the Redis endpoint
 * of {@link RedisConcurrencyProvider}.
 */
final class Configuration {
  /** The resource's name. */
  static final String RESOURCE = "hot-redis-concurrency.properties";

  private Configuration() {}

  /** Reads the resource from the class path; empty if absent. */
  static Properties read() {
    Properties properties = new Properties();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Configuration.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return properties;
  }
}
