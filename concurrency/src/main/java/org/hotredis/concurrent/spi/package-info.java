/**
 * The concurrency SPI: {@link org.hotredis.concurrent.spi.ConcurrencyProvider} hands out locks,
 * semaphores and blocking queues by name, distributed ({@link
 * org.hotredis.concurrent.spi.RedisConcurrencyProvider}) or in-process ({@link
 * org.hotredis.concurrent.spi.LocalConcurrencyProvider}), and {@link
 * org.hotredis.concurrent.spi.Concurrency} chooses the process's provider by configuration.
 */
@NullMarked
package org.hotredis.concurrent.spi;

import org.jspecify.annotations.NullMarked;
