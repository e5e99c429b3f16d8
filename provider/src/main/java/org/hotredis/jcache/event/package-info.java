/**
 * Cache entry events: listener registrations, synchronous and asynchronous dispatch, and the events
 * other JVMs publish on the cache's channel.
 */
@NullMarked
package org.hotredis.jcache.event;

import org.jspecify.annotations.NullMarked;
