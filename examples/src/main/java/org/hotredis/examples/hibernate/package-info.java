/**
 * Hibernate ORM's second-level cache on HOT Redis, through {@code hibernate-jcache} and HOT Redis's
 * JCache provider, chosen and set up by configuration alone; the entities know only JPA's and
 * Hibernate's annotations.
 */
@NullMarked
package org.hotredis.examples.hibernate;

import org.jspecify.annotations.NullMarked;
