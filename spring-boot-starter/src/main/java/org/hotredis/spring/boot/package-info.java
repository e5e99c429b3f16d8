/**
 * HOT Redis's Spring Boot starter: one {@link org.hotredis.HotClient} from the {@code hotredis.*}
 * properties ({@link org.hotredis.spring.boot.HotRedisProperties}), shared by the application, the
 * JCache provider behind Spring's {@code @Cacheable} and the {@code ConcurrencyProvider} bean, with
 * a health indicator, Micrometer meters and a graceful release of held leases. One artifact serves
 * Spring Boot 3.5 and 4.0: what differs between them lives in small auto-configurations guarded by
 * class conditions.
 */
@NullMarked
package org.hotredis.spring.boot;

import org.jspecify.annotations.NullMarked;
