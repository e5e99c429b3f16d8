/**
 * The demo: two JVMs sharing HOT Redis objects, run by {@code bash demo/run} ({@link
 * org.hotredis.demo.Demo}).
 */
@NullMarked
package org.hotredis.demo;

import org.jspecify.annotations.NullMarked;
