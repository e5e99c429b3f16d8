/**
 * Runnable examples of HOT Redis, one class per feature, each with a {@code main} that takes an
 * optional Redis URI ({@code redis://localhost:6379} by default) and prints what it does.
 *
 * <p>Run one with {@code mvn -q -pl examples compile exec:java
 * -Dexec.mainClass=org.hotredis.examples.ListsExample -Dexec.args=redis://localhost:6379} after
 * {@code mvn -q install -DskipTests} from the root. Package {@link org.hotredis.examples.spring}
 * holds Spring's cache abstraction and {@link org.hotredis.examples.hibernate} Hibernate's
 * second-level cache, both on HOT Redis's JCache provider by configuration alone.
 */
@NullMarked
package org.hotredis.examples;

import org.jspecify.annotations.NullMarked;
