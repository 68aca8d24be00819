CREATE TYPE book_format AS ENUM ('paper', 'ebook', 'audio');

CREATE TABLE books (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    isbn   text NOT NULL UNIQUE CONSTRAINT books_isbn_13_digits CHECK (isbn ~ '^[0-9]{13}$'),
    title  text NOT NULL,
    author text NOT NULL,
    format book_format NOT NULL DEFAULT 'paper'
);
