package org.hotredis;

import java.lang.reflect.Field;

/** The {@link ScriptOutcome.Code}s of each outcome enum, by ordinal, read once. */
final class OutcomeConstants {
  private static final ClassValue<String[]> CODES =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          Object[] constants = type.getEnumConstants();
          String[] codes = new String[constants.length];
          for (int i = 0; i < constants.length; i++) {
            String name = ((Enum<?>) constants[i]).name();
            try {
              Field field = type.getField(name);
              ScriptOutcome.Code code = field.getAnnotation(ScriptOutcome.Code.class);
              if (code == null) {
                throw new IllegalStateException(
                    type.getName() + "." + name + " has no @ScriptOutcome.Code");
              }
              codes[i] = code.value();
            } catch (NoSuchFieldException e) {
              throw new IllegalStateException(type.getName() + "." + name + " is not a field", e);
            }
          }
          return codes;
        }
      };

  private static final ClassValue<Object[]> CONSTANTS =
      new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
          return type.getEnumConstants();
        }
      };

  private OutcomeConstants() {}

  /** Returns the constants of an enum, not copied: do not modify. */
  static Object[] constants(Class<?> type) {
    return CONSTANTS.get(type);
  }

  static String[] codes(Class<?> type) {
    return CODES.get(type);
  }
}
