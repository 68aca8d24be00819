DROP VIEW overdue_loans;
DROP TRIGGER loans_touch ON loans;
DROP FUNCTION loans_touch();
ALTER TABLE loans DROP COLUMN updated_at;
