package org.hotredis.apps.boot3;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import java.util.Set;
import java.util.TreeSet;

/**
 * A book, cached with its tags in Hibernate's second-level cache: the regions are named in {@code
 * application.properties} ({@code hibernate.classcache.*}, {@code hibernate.collectioncache.*}),
 * not here.
 */
@Entity
public class Book {
  @Id private Long id;

  private String title;

  private String author;

  @ElementCollection
  @CollectionTable(name = "book_tag", joinColumns = @JoinColumn(name = "book_id"))
  @Column(name = "tag")
  private Set<String> tags = new TreeSet<>();

  /** For JPA. */
  protected Book() {}

  /**
   * Returns the id.
   *
   * @return the id
   */
  public Long getId() {
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
   * Returns the author.
   *
   * @return the author
   */
  public String getAuthor() {
    return author;
  }

  /**
   * Returns the tags.
   *
   * @return the tags
   */
  public Set<String> getTags() {
    return tags;
  }
}
