/**
 * Redis-backed {@link java.util.concurrent.BlockingQueue}s: {@link
 * org.hotredis.concurrent.queues.HotQueue} (FIFO), {@link
 * org.hotredis.concurrent.queues.HotLifoQueue}, and the set-queues that hold each element at most
 * once ({@link org.hotredis.concurrent.queues.HotSetQueue}, {@link
 * org.hotredis.concurrent.queues.HotLifoSetQueue}), optionally bounded, with at-least-once
 * consumption ({@link org.hotredis.concurrent.queues.Delivery}) as an option. Their scripts are in
 * the {@code lua} resources beside this package.
 */
@NullMarked
package org.hotredis.concurrent.queues;

import org.jspecify.annotations.NullMarked;
