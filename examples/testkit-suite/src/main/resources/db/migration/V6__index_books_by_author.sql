-- Built without blocking writes to books; the engine runs this migration outside a transaction.
CREATE INDEX CONCURRENTLY books_author_idx ON books (author);
