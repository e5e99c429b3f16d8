package org.hotredis.jcache;

import javax.cache.configuration.Factory;

/** A default factory for tests: every absent score starts at 100; all instances are equal. */
public final class Hundred implements Factory<Long> {
  private static final long serialVersionUID = 1L;

  /** Creates the factory; {@link javax.cache.configuration.FactoryBuilder} does this by class. */
  public Hundred() {}

  @Override
  public Long create() {
    return 100L;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hundred;
  }

  @Override
  public int hashCode() {
    return 100;
  }
}
