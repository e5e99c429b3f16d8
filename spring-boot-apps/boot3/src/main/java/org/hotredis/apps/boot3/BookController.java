package org.hotredis.apps.boot3;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The books' HTTP endpoints. */
@RestController
public class BookController {
  private final BookService books;

  BookController(BookService books) {
    this.books = books;
  }

  @GetMapping("/books/{id}")
  BookService.BookView book(@PathVariable long id) {
    return books.find(id);
  }

  @GetMapping("/books")
  List<BookService.BookView> byAuthor(@RequestParam String author) {
    return books.byAuthor(author);
  }

  @GetMapping("/books/statistics")
  Map<String, Long> statistics() {
    return books.statistics();
  }
}
