/** Read-through and write-through: the cache's loader and writer, with the spec's exceptions. */
@NullMarked
package org.hotredis.jcache.integration;

import org.jspecify.annotations.NullMarked;
