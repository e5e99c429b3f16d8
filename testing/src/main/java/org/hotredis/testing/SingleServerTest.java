package org.hotredis.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a {@link RedisTest} class whose tests run on a single server only: fault tests that start,
 * stop or kill their own {@link RedisServer}s, or tests of single-server behaviour. On a cluster
 * run ({@value RedisExtension#DEPLOYMENT_PROPERTY}{@code =cluster}) they are disabled rather than
 * run twice against the same single server. The annotation registers {@link RedisExtension}, which
 * decides, so it works on classes that do not use the shared deployment ({@link RedisTest}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisExtension.class)
public @interface SingleServerTest {}
