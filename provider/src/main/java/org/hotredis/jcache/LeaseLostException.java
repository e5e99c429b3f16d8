package org.hotredis.jcache;

import javax.cache.CacheException;

/**
 * Thrown by a write-through operation's write when the write lease of one of its keys lapsed and
 * another operation took it: the write was refused before anything changed. {@link WriteLeases}
 * takes the leases again and runs the operation (its writer call included) once more.
 */
final class LeaseLostException extends CacheException {
  private static final long serialVersionUID = 1L;

  LeaseLostException(String cacheName) {
    super(
        "a write-through operation on cache "
            + cacheName
            + " lost the write lease of a key (it was not renewed in time) before its write;"
            + " nothing was written");
  }
}
