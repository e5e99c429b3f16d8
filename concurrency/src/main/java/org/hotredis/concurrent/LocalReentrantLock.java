package org.hotredis.concurrent;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process counterpart of {@link HotReentrantLock}: the JDK's {@link ReentrantLock}, which
 * already has every method of {@link OwnedLock}; this subclass only declares that.
 */
final class LocalReentrantLock extends ReentrantLock implements OwnedLock {
  private static final long serialVersionUID = 1L;
}
