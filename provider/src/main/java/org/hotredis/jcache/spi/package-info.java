/** The service-provider entry point of HOT Redis's JCache provider, found by ServiceLoader. */
@NullMarked
package org.hotredis.jcache.spi;

import org.jspecify.annotations.NullMarked;
