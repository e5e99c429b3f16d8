/** Expiry: the durations an expiry policy gives each operation, and the background sweeper. */
@NullMarked
package org.hotredis.jcache.expiry;

import org.jspecify.annotations.NullMarked;
