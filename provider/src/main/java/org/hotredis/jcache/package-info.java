/**
 * HOT Redis's JCache (JSR-107) provider: {@link javax.cache.Cache} over Redis hashes, atomic across
 * JVMs.
 *
 * <p>Applications reach it through {@link javax.cache.Caching}: the provider {@link
 * org.hotredis.jcache.spi.HotCachingProvider} is found by {@link java.util.ServiceLoader}. Its
 * managers are {@link org.hotredis.jcache.HotCacheManager}s and its caches {@link
 * org.hotredis.jcache.HotCache}s; per-cache settings beyond the standard ones go in a {@link
 * org.hotredis.jcache.configuration.HotCacheConfiguration} or in the file {@code
 * hot-redis-jcache.properties}. See {@code docs/jcache.md} for the storage layout and the lifecycle
 * of a cache shared by many JVMs.
 */
@NullMarked
package org.hotredis.jcache;

import org.jspecify.annotations.NullMarked;
