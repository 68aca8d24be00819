DROP TABLE books;
DROP TYPE book_format;
