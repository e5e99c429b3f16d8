/**
 * Test fixtures for HOT Redis: private {@code redis-server} processes ({@link
 * org.hotredis.testing.RedisServer}), a JUnit 5 extension that shares one of them ({@link
 * org.hotredis.testing.RedisTest}), child JVMs for multi-process tests ({@link
 * org.hotredis.testing.JvmProcess}) and web applications running in them ({@link
 * org.hotredis.testing.WebApplication}), polling with a deadline ({@link
 * org.hotredis.testing.Await}) and binary values written with raw commands ({@link
 * org.hotredis.testing.RawBytes}).
 */
@NullMarked
package org.hotredis.testing;

import org.jspecify.annotations.NullMarked;
