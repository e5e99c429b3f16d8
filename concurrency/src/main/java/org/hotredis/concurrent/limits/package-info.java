/**
 * Limits on how often something happens, shared across processes: {@link
 * org.hotredis.concurrent.limits.HotRateLimiter}, a token bucket on Redis's clock, and {@link
 * org.hotredis.concurrent.limits.SharedRateLimiter}, the contract it shares with the in-process
 * rate limiter of the SPI.
 */
@NullMarked
package org.hotredis.concurrent.limits;

import org.jspecify.annotations.NullMarked;
