package org.hotredis.apps.boot3;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Computes quotes, slowly in real life: every result, {@code null} included, is cached. */
@Service
public class QuoteService {
  private final AtomicInteger calls = new AtomicInteger();
  private final String instance;

  QuoteService(@Value("${catalog.instance}") String instance) {
    this.instance = instance;
  }

  /**
   * Returns the quote of a symbol, or null for a symbol nobody trades (those starting with {@code
   * unknown}); cached in the {@code quotes} cache, so each symbol is computed once for every
   * instance.
   *
   * @param symbol the symbol
   * @return the quote, or null
   */
  @Cacheable("quotes")
  public @Nullable Quote quote(String symbol) {
    calls.incrementAndGet();
    if (symbol.startsWith("unknown")) {
      return null;
    }
    return new Quote(symbol, Math.floorMod(symbol.hashCode(), 100_000), instance);
  }

  /**
   * Returns how many times this instance computed a quote.
   *
   * @return the number of calls that were not served by the cache
   */
  public int calls() {
    return calls.get();
  }
}
