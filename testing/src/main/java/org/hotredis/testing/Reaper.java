package org.hotredis.testing;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JVM shutdown hook that kills the processes this module started and has not yet cleaned up, so
 * that a crashed or aborted test run leaves no {@code redis-server} or child JVM behind.
 *
 * <p>The hook is registered once, when the first action is registered. Actions must not take locks
 * that a running thread may hold, because other threads keep running during shutdown.
 */
final class Reaper {
  private static final Set<Runnable> ACTIONS = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Reaper::runAll, "hot-redis-reaper"));
  }

  private Reaper() {}

  /** Registers an action to run at JVM shutdown unless it is unregistered first. */
  static void register(Runnable action) {
    ACTIONS.add(requireNonNull(action, "action"));
  }

  /** Unregisters an action registered with {@link #register}. */
  static void unregister(Runnable action) {
    ACTIONS.remove(requireNonNull(action, "action"));
  }

  private static void runAll() {
    for (Runnable action : ACTIONS) {
      try {
        action.run();
      } catch (RuntimeException e) {
        // Best effort: the JVM is exiting and one failed cleanup must not prevent the others.
      }
    }
  }
}
