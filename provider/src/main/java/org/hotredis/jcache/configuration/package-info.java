/**
 * Configuration of HOT Redis's JCache provider: per-cache settings ({@link
 * org.hotredis.jcache.configuration.HotCacheConfiguration}), the provider's settings from
 * properties, system properties, the environment and {@code hot-redis-jcache.properties}, the
 * codecs of keys and values, and the configuration stored in Redis for other JVMs.
 */
@NullMarked
package org.hotredis.jcache.configuration;

import org.jspecify.annotations.NullMarked;
