-- The same books in every instance's in-memory database, so that what one instance puts in the shared second-level
-- cache is what the others would have read.
insert into book (id, title, author) values (1, 'Dune', 'Herbert');
insert into book (id, title, author) values (2, 'Dune Messiah', 'Herbert');
insert into book (id, title, author) values (3, 'The Dispossessed', 'Le Guin');
insert into book_tag (book_id, tag) values (1, 'classic');
insert into book_tag (book_id, tag) values (1, 'desert');
insert into book_tag (book_id, tag) values (2, 'sequel');
insert into book_tag (book_id, tag) values (3, 'utopia');
