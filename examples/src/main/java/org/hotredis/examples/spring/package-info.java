/**
 * Spring Framework's cache abstraction ({@code @Cacheable}, {@code @CacheEvict}) on HOT Redis,
 * through Spring's JCache support and the JCache provider that {@code Caching.getCachingProvider()}
 * finds on the class path: the application code knows Spring and nothing of HOT Redis.
 */
@NullMarked
package org.hotredis.examples.spring;

import org.jspecify.annotations.NullMarked;
