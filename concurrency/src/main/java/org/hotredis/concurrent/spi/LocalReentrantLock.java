package org.hotredis.concurrent.spi;

import java.util.concurrent.locks.ReentrantLock;
import org.hotredis.concurrent.locks.HotReentrantLock;
import org.hotredis.concurrent.locks.OwnedLock;

/**
 * The in-process counterpart of {@link HotReentrantLock}: the JDK's {@link ReentrantLock}, which
 * already has every method of {@link OwnedLock}; this subclass only declares that.
 */
final class LocalReentrantLock extends ReentrantLock implements OwnedLock {
  private static final long serialVersionUID = 1L;
}
