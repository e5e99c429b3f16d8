package org.hotredis.examples.spring;

import java.math.BigDecimal;

/**
 * A price, as {@link PriceService} computes it; cached as JSON ({@code value-codec=json}).
 *
 * @param product the product
 * @param amount the price
 * @param computedBy the application instance that computed it
 */
public record Price(String product, BigDecimal amount, String computedBy) {}
