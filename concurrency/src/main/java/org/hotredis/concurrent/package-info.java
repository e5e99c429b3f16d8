/**
 * Distributed {@code java.util.concurrent} primitives over Redis: blocking queues, locks with
 * conditions, semaphores, and the concurrency SPI that chooses between them and the JDK's own
 * in-process classes by configuration.
 */
@NullMarked
package org.hotredis.concurrent;

import org.jspecify.annotations.NullMarked;
