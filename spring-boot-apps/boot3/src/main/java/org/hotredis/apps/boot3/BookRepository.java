package org.hotredis.apps.boot3;

import jakarta.persistence.QueryHint;
import java.util.List;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.QueryHints;

/** The books, with a query whose results Hibernate's query cache keeps. */
public interface BookRepository extends JpaRepository<Book, Long> {
  /**
   * Returns an author's books, through the query cache.
   *
   * @param author the author
   * @return the books
   */
  @QueryHints(@QueryHint(name = HibernateHints.HINT_CACHEABLE, value = "true"))
  List<Book> findByAuthorOrderById(String author);
}
