package org.hotredis.examples.hibernate;

import static java.util.Objects.requireNonNull;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * A book, cached in the second-level cache region {@value #REGION}, which is the JCache cache of
 * that name ({@code hot-redis-jcache.properties} declares it).
 *
 * <p>{@code READ_WRITE}: an update locks the cached entry (a soft lock, stored in the cache, so
 * every instance sees it) until its transaction completes, then caches the new state.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = Book.REGION)
public class Book {
  /** The name of the cache region of books. */
  public static final String REGION = "books";

  @Id private long id;

  private String title;

  @Version private int version;

  /** For Hibernate. */
  protected Book() {
    this.title = "";
  }

  /**
   * Creates a book.
   *
   * @param id its identifier
   * @param title its title
   */
  public Book(long id, String title) {
    this.id = id;
    this.title = requireNonNull(title, "title");
  }

  /**
   * Returns the identifier.
   *
   * @return the id
   */
  public long getId() {
    return id;
  }

  /**
   * Returns the title.
   *
   * @return the title
   */
  public String getTitle() {
    return title;
  }

  /**
   * Changes the title.
   *
   * @param title the new title
   */
  public void setTitle(String title) {
    this.title = requireNonNull(title, "title");
  }
}
