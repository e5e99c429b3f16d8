package org.hotredis.jcache;

/**
 * Thrown by a write of a handle whose cache was destroyed, or destroyed and created anew, by
 * another handle since it opened: the write was refused before anything changed, and the handle
 * closes itself.
 */
final class CacheGoneException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  CacheGoneException(String cacheName) {
    super(
        "cache "
            + cacheName
            + " was destroyed (or destroyed and created anew) by another handle since this handle"
            + " opened; nothing was written, and this handle is closed");
  }
}
