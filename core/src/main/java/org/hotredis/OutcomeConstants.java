package org.hotredis;

/**
 * The constants of each {@link ScriptOutcome} enum, read once: an enum's {@code values()} copies.
 */
final class OutcomeConstants {
  private static final ClassValue<Object[]> CONSTANTS =
      new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
          return type.getEnumConstants();
        }
      };

  private OutcomeConstants() {}

  static Object[] of(Class<?> type) {
    return CONSTANTS.get(type);
  }
}
