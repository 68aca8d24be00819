UPDATE members SET first_name = first_name || ' ' || last_name WHERE last_name <> '';
ALTER TABLE members DROP COLUMN last_name;
ALTER TABLE members RENAME COLUMN first_name TO full_name;
