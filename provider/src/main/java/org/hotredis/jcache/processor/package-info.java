/**
 * Entry processors: the mutable entry a processor works on, its results, and the built-in
 * processors ({@link org.hotredis.jcache.processor.HotProcessors}) that run inside Redis.
 */
@NullMarked
package org.hotredis.jcache.processor;

import org.jspecify.annotations.NullMarked;
