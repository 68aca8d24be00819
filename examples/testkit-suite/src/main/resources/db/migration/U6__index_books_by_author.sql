DROP INDEX CONCURRENTLY books_author_idx;
