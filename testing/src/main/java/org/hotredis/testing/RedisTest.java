package org.hotredis.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a test class that uses the shared {@link RedisServer} of {@link RedisExtension}: test
 * methods, constructors and lifecycle methods may declare a {@code RedisServer} parameter, and
 * every test starts with a running server and an empty key space.
 *
 * <p>Classes marked with it hold the {@value RedisExtension#RESOURCE_LOCK} resource lock, so JUnit
 * never runs two of them at the same time when parallel execution is enabled.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisExtension.class)
@ResourceLock(RedisExtension.RESOURCE_LOCK)
public @interface RedisTest {}
