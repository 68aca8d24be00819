CREATE TABLE loans (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    book_id     bigint NOT NULL REFERENCES books (id),
    borrowed_at timestamptz NOT NULL DEFAULT now(),
    due_at      timestamptz NOT NULL,
    returned_at timestamptz,
    CONSTRAINT loans_due_after_borrowed CHECK (due_at > borrowed_at)
);

-- A book is out at most once at a time: the database says so, not only the application.
CREATE UNIQUE INDEX loans_one_open_per_book ON loans (book_id) WHERE returned_at IS NULL;
CREATE INDEX loans_member_idx ON loans (member_id);
