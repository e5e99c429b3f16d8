package org.hotredis.concurrent.locks;

/**
 * The memory effects that {@link java.util.concurrent.locks.Lock} and {@link
 * java.util.concurrent.Semaphore} promise between threads of one process: what a thread did before
 * releasing happens-before what another thread does after acquiring. Redis orders the release
 * before the acquisition, but the Java memory model knows nothing of Redis, so every release first
 * writes, and every successful acquisition then reads, one volatile field of the process (a
 * volatile write synchronizes-with every later read of the field, whatever value it sees).
 */
final class MemoryOrder {
  private static volatile boolean released;

  private MemoryOrder() {}

  /** Called before a release is sent: a volatile write. */
  static void beforeRelease() {
    released = true;
  }

  /**
   * Called after an acquisition succeeded: a volatile read.
   *
   * @return the field, which callers ignore: the read is what matters
   */
  static boolean afterAcquire() {
    return released;
  }
}
