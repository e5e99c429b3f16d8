package org.hotredis.apps.boot4;

import java.io.Serializable;

/**
 * A price quote, cached in Redis through Java serialization (allowed by {@code
 * hotredis.jcache.serialization.allow}).
 *
 * @param symbol what is quoted
 * @param cents the price
 * @param pricedBy the instance that computed it
 */
public record Quote(String symbol, long cents, String pricedBy) implements Serializable {}
