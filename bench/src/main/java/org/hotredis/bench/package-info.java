/**
 * Benchmarks: HOT Redis, raw Jedis and Redisson side by side against one private redis-server, and
 * the round trips each operation costs.
 */
@NullMarked
package org.hotredis.bench;

import org.jspecify.annotations.NullMarked;
