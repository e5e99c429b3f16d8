/**
 * Redis-backed counterparts of {@code java.util.concurrent.atomic}: {@link
 * org.hotredis.concurrent.atomic.HotAtomicReference}, and {@link
 * org.hotredis.concurrent.atomic.SharedReference}, the contract it shares with the in-process
 * reference of the SPI; {@link org.hotredis.concurrent.atomic.HotLongAdder}, a striped counter.
 */
@NullMarked
package org.hotredis.concurrent.atomic;

import org.jspecify.annotations.NullMarked;
