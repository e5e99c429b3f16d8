package org.hotredis.apps.boot3;

import jakarta.persistence.EntityManagerFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/** Reads books through JPA, and reports Hibernate's statistics. */
@Service
public class BookService {
  private final BookRepository books;
  private final Statistics statistics;

  BookService(BookRepository books, EntityManagerFactory entityManagerFactory) {
    this.books = books;
    this.statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
  }

  /**
   * A book as the HTTP API shows it.
   *
   * @param id the id
   * @param title the title
   * @param author the author
   * @param tags the tags
   */
  public record BookView(long id, String title, String author, List<String> tags) {
    static BookView of(Book book) {
      return new BookView(
          book.getId(), book.getTitle(), book.getAuthor(), List.copyOf(book.getTags()));
    }
  }

  /**
   * Returns a book with its tags: from the second-level cache when it holds them.
   *
   * @param id the id
   * @return the book
   */
  @Transactional(readOnly = true)
  public BookView find(long id) {
    return books
        .findById(id)
        .map(BookView::of)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    org.springframework.http.HttpStatus.NOT_FOUND, "no book " + id));
  }

  /**
   * Returns an author's books: from the query cache when it holds them.
   *
   * @param author the author
   * @return the books
   */
  @Transactional(readOnly = true)
  public List<BookView> byAuthor(String author) {
    return books.findByAuthorOrderById(author).stream().map(BookView::of).toList();
  }

  /**
   * Returns Hibernate's counters of this instance.
   *
   * @return second-level and query cache hits, misses and puts, and SQL statements prepared
   */
  public Map<String, Long> statistics() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("secondLevelCacheHits", statistics.getSecondLevelCacheHitCount());
    counters.put("secondLevelCacheMisses", statistics.getSecondLevelCacheMissCount());
    counters.put("secondLevelCachePuts", statistics.getSecondLevelCachePutCount());
    counters.put("queryCacheHits", statistics.getQueryCacheHitCount());
    counters.put("queryCacheMisses", statistics.getQueryCacheMissCount());
    counters.put("statements", statistics.getPrepareStatementCount());
    return counters;
  }
}
