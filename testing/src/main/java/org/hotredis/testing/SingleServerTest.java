package org.hotredis.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link RedisTest} class whose tests run on a single server only: fault tests that start,
 * stop or kill their own {@link RedisServer}s, or tests of single-server behaviour. On a cluster
 * run ({@value RedisExtension#DEPLOYMENT_PROPERTY}{@code =cluster}) they are disabled rather than
 * run twice against the same single server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SingleServerTest {}
