ALTER TABLE loans ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE FUNCTION loans_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER loans_touch BEFORE UPDATE ON loans
    FOR EACH ROW EXECUTE FUNCTION loans_touch();

CREATE VIEW overdue_loans AS
SELECT l.id AS loan_id, m.email, m.first_name, b.title, l.due_at
  FROM loans l
  JOIN members m ON m.id = l.member_id
  JOIN books b ON b.id = l.book_id
 WHERE l.returned_at IS NULL AND l.due_at < now();
