/**
 * Management: the {@link javax.cache.management.CacheMXBean} and {@link
 * javax.cache.management.CacheStatisticsMXBean} of each cache, in the platform MBeanServer.
 */
@NullMarked
package org.hotredis.jcache.management;

import org.jspecify.annotations.NullMarked;
