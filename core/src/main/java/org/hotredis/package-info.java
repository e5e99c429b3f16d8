/**
 * HOT Redis for Java: Java's own collections and numbers, backed by Redis and atomic over the
 * network.
 *
 * <p>{@link org.hotredis.HotClient} is the handle on a Redis deployment; {@link
 * org.hotredis.HotRedis} holds the process-wide default client; {@link org.hotredis.HotObject} is
 * what every type offers, through its {@link org.hotredis.RedisBinding}; {@link
 * org.hotredis.HotTransaction} batches calls into one MULTI/EXEC.
 */
@NullMarked
package org.hotredis;

import org.jspecify.annotations.NullMarked;
