/**
 * Distributed {@code java.util.concurrent} primitives over Redis: blocking queues ({@link
 * org.hotredis.concurrent.queues}), locks with conditions and semaphores ({@link
 * org.hotredis.concurrent.locks}), and the concurrency SPI that chooses between them and the JDK's
 * own in-process classes by configuration ({@link org.hotredis.concurrent.spi}). This package holds
 * what they share: the {@link org.hotredis.concurrent.ConcurrencyObserver} that hears them, for
 * metrics.
 */
@NullMarked
package org.hotredis.concurrent;

import org.jspecify.annotations.NullMarked;
