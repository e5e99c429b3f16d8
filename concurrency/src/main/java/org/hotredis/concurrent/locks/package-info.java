/**
 * Redis-backed locks with conditions and semaphores, held under renewed leases: {@link
 * org.hotredis.concurrent.locks.HotLock}, {@link org.hotredis.concurrent.locks.HotReentrantLock},
 * {@link org.hotredis.concurrent.locks.HotSemaphore} and {@link
 * org.hotredis.concurrent.locks.HotBoundedSemaphore}; the read-write lock {@link
 * org.hotredis.concurrent.locks.HotReadWriteLock}; the count-down latch {@link
 * org.hotredis.concurrent.locks.HotCountDownLatch}, which holds nothing; and the cyclic barrier
 * {@link org.hotredis.concurrent.locks.HotCyclicBarrier}, whose waiting parties hold leases. The
 * lease engine (acquisition, renewal, waiting for a release) is package-private here; the scripts
 * are in the {@code lua} resources beside this package.
 */
@NullMarked
package org.hotredis.concurrent.locks;

import org.jspecify.annotations.NullMarked;
